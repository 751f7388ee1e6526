#!/bin/sh
# Installs leakfence: builds the binary with cargo, then puts its pre-commit and
# pre-push hooks into a git repository. An existing hook is kept and chained
# (it runs first; its failure still blocks). Safe to run again.
set -eu

usage() {
    cat <<'USAGE'
usage: ./install.sh [--repo DIR] [--no-build] [--uninstall]

  --repo DIR    the repository to protect (default: the current directory)
  --no-build    do not build; use the leakfence already on PATH or in ~/.cargo/bin
  --uninstall   remove leakfence's hooks and restore the ones they replaced
USAGE
}

die() {
    echo "install.sh: $*" >&2
    exit 1
}

repo=.
build=1
uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
    --repo)
        [ $# -ge 2 ] || die "--repo needs a directory"
        repo=$2
        shift 2
        ;;
    --no-build) build=0; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
    esac
done

source_dir=$(cd "$(dirname "$0")" && pwd)
[ -d "$repo" ] || die "no such directory: $repo"
top=$(git -C "$repo" rev-parse --show-toplevel 2>/dev/null) ||
    die "$repo is not inside a git work tree"

# Where git runs hooks from: core.hooksPath (relative to the work tree's top)
# if set, as husky and others do; otherwise the common git dir's hooks folder,
# shared by every linked worktree.
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

is_ours() {
    [ -f "$1" ] && grep -q '^# leakfence pre-' "$1"
}

if [ "$uninstall" = 1 ]; then
    for name in pre-commit pre-push; do
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
"$bin" detectors check >/dev/null || die "$bin does not run"

mkdir -p "$hooks_dir"
for name in pre-commit pre-push; do
    hook=$hooks_dir/$name
    if [ -e "$hook" ] && ! is_ours "$hook"; then
        [ -e "$hook.pre-leakfence" ] && die "$hook.pre-leakfence already exists; move it away and run again"
        mv "$hook" "$hook.pre-leakfence"
        echo "kept your existing $name hook as $name.pre-leakfence; it runs before leakfence"
    fi
    # Record the binary's absolute path: hooks run by GUIs often lack ~/.cargo/bin on PATH.
    sed "s|\${LEAKFENCE_BIN:-}|\${LEAKFENCE_BIN:-$bin}|" "$source_dir/hooks/$name" >"$hook.tmp"
    chmod +x "$hook.tmp"
    mv "$hook.tmp" "$hook"
done
echo "leakfence $("$bin" --version | cut -d' ' -f2) protects $top (hooks in $hooks_dir)"
