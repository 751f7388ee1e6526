#!/bin/sh
# Installs leakfence: builds the binary with cargo, then puts its pre-commit,
# commit-msg and pre-push hooks into a git repository. An existing hook is kept and chained
# (it runs first; its failure still blocks). Safe to run again.
set -eu

usage() {
    cat <<'USAGE'
usage: ./install.sh [--repo DIR | --global] [--no-build] [--uninstall]

  --repo DIR    the repository to protect (default: the current directory)
  --global      protect every repository: install the hooks into
                ~/.config/leakfence/hooks and make it the global core.hooksPath;
                each repository's own hooks still run first
  --no-build    do not build; use the leakfence already on PATH or in ~/.cargo/bin
  --uninstall   remove leakfence's hooks and restore what they replaced
USAGE
}

die() {
    echo "install.sh: $*" >&2
    exit 1
}

repo=.
build=1
uninstall=0
global=0
while [ $# -gt 0 ]; do
    case "$1" in
    --repo)
        [ $# -ge 2 ] || die "--repo needs a directory"
        repo=$2
        shift 2
        ;;
    --no-build) build=0; shift ;;
    --global) global=1; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
    esac
done

source_dir=$(cd "$(dirname "$0")" && pwd)
config_dir=${XDG_CONFIG_HOME:-$HOME/.config}/leakfence

# Where git runs hooks from for one repository: core.hooksPath (relative to the
# work tree's top) if set, as husky and others do; otherwise the common git
# dir's hooks folder, shared by every linked worktree.
repo_hooks_dir() {
    [ -d "$repo" ] || die "no such directory: $repo"
    top=$(git -C "$repo" rev-parse --show-toplevel 2>/dev/null) ||
        die "$repo is not inside a git work tree"
    hooks_path=$(git -C "$top" config --get core.hooksPath 2>/dev/null || true)
    if [ -n "$hooks_path" ]; then
        case "$hooks_path" in
        /*) hooks_dir=$hooks_path ;;
        "~/"*) hooks_dir=$HOME/${hooks_path#"~/"} ;;
        *) hooks_dir=$top/$hooks_path ;;
        esac
    else
        common=$(git -C "$top" rev-parse --git-common-dir)
        case "$common" in
        /*) hooks_dir=$common/hooks ;;
        *) hooks_dir=$top/$common/hooks ;;
        esac
    fi
    target=$top
}

if [ "$global" = 1 ]; then
    hooks_dir=$config_dir/hooks
    target="every repository (global core.hooksPath)"
else
    repo_hooks_dir
fi

is_ours() {
    [ -f "$1" ] && grep -q '^# leakfence [a-z-]* hook' "$1"
}

# Writes the script a global hook runs first: the repository's own hook (or,
# if that is leakfence's shim, what it chained), then the hook of a global
# core.hooksPath that was set before leakfence.
write_repo_hook_runner() {
    cat >"$2" <<RUNNER
#!/bin/sh
# Runs the hooks a global core.hooksPath would otherwise hide. Written by leakfence's install.sh.
own="\$(git rev-parse --git-common-dir)/hooks/$1"
if [ -f "\$own" ] && grep -q '^# leakfence [a-z-]* hook' "\$own"; then
    own="\$own.pre-leakfence"
fi
if [ -x "\$own" ]; then
    "\$own" "\$@" || exit \$?
fi
previous=\$(cat "$config_dir/previous-hooks-path" 2>/dev/null)
if [ -n "\$previous" ] && [ -x "\$previous/$1" ]; then
    "\$previous/$1" "\$@" || exit \$?
fi
exit 0
RUNNER
    chmod +x "$2"
}

if [ "$uninstall" = 1 ]; then
    if [ "$global" = 1 ]; then
        current=$(git config --global --get core.hooksPath 2>/dev/null || true)
        if [ "$current" = "$hooks_dir" ]; then
            if [ -s "$config_dir/previous-hooks-path" ]; then
                git config --global core.hooksPath "$(cat "$config_dir/previous-hooks-path")"
                echo "restored the previous global core.hooksPath"
            else
                git config --global --unset core.hooksPath
                echo "removed the global core.hooksPath"
            fi
        fi
        rm -rf "$hooks_dir" "$config_dir/previous-hooks-path"
        echo "removed leakfence's global hooks"
        exit 0
    fi
    for name in pre-commit commit-msg pre-push; do
        hook=$hooks_dir/$name
        if is_ours "$hook"; then
            rm -f "$hook"
            if [ -e "$hook.pre-leakfence" ]; then
                mv "$hook.pre-leakfence" "$hook"
                echo "restored the previous $name hook"
            fi
            echo "removed leakfence's $name hook from $hooks_dir"
        fi
    done
    exit 0
fi

if [ "$build" = 1 ]; then
    command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust from https://rustup.rs"
    echo "building and installing leakfence (cargo install)..."
    cargo install --path "$source_dir" --locked --quiet --force ||
        die "cargo install failed"
fi
bin=$(command -v leakfence 2>/dev/null || true)
if [ -z "$bin" ]; then
    bin=${CARGO_HOME:-$HOME/.cargo}/bin/leakfence
fi
[ -x "$bin" ] || die "leakfence binary not found (looked on PATH and at $bin)"
"$bin" --version >/dev/null || die "$bin does not run"

mkdir -p "$hooks_dir"
if [ "$global" = 1 ]; then
    previous_global=$(git config --global --get core.hooksPath 2>/dev/null || true)
    if [ -n "$previous_global" ] && [ "$previous_global" != "$hooks_dir" ]; then
        printf '%s\n' "$previous_global" >"$config_dir/previous-hooks-path"
    fi
fi
for name in pre-commit commit-msg pre-push; do
    hook=$hooks_dir/$name
    if [ "$global" = 1 ]; then
        # A global core.hooksPath hides each repository's own hooks: run them first.
        write_repo_hook_runner "$name" "$hook.pre-leakfence"
    elif [ -e "$hook" ] && ! is_ours "$hook"; then
        [ -e "$hook.pre-leakfence" ] && die "$hook.pre-leakfence already exists; move it away and run again"
        mv "$hook" "$hook.pre-leakfence"
        echo "kept your existing $name hook as $name.pre-leakfence; it runs before leakfence"
    fi
    # Record the binary's absolute path: hooks run by GUIs often lack ~/.cargo/bin on PATH.
    sed "s|\${LEAKFENCE_BIN:-}|\${LEAKFENCE_BIN:-$bin}|" "$source_dir/hooks/$name" >"$hook.tmp"
    chmod +x "$hook.tmp"
    mv "$hook.tmp" "$hook"
done
if [ "$global" = 1 ]; then
    git config --global core.hooksPath "$hooks_dir"
fi
echo "leakfence $("$bin" --version | cut -d' ' -f2) protects $target (hooks in $hooks_dir)"
