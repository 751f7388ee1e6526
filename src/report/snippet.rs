//! A one-line "read it from the environment instead" snippet in the language
//! of the file the secret was found in. Files that leave git instead of
//! being edited are told apart first (see `filefix`).

/// The snippet for a file at `path` and a variable named `var`, with a label
/// naming the language.
pub fn env_snippet(path: &[u8], var: &str) -> (&'static str, String) {
    let path = String::from_utf8_lossy(path).to_ascii_lowercase();
    let name = path.rsplit('/').next().unwrap_or(&path).to_string();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let lower = var.to_ascii_lowercase();
    match ext {
        _ if name == ".npmrc" => (
            "npmrc",
            format!("_authToken=${{{var}}}   # npm expands ${{...}} from the environment"),
        ),
        _ if name == "dockerfile" || name.ends_with(".dockerfile") => (
            "Dockerfile",
            format!(
                "RUN --mount=type=secret,id={lower},env={var} <command>   # docker build --secret id={lower},env={var}"
            ),
        ),
        "py" | "pyw" | "ipynb" => ("Python", format!("{lower} = os.environ[\"{var}\"]")),
        "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" | "vue" | "svelte" => (
            "JavaScript/TypeScript",
            format!("const {} = process.env.{var};", camel(var)),
        ),
        "go" => ("Go", format!("{} := os.Getenv(\"{var}\")", camel(var))),
        "java" | "groovy" | "gradle" => (
            "Java",
            format!("String {} = System.getenv(\"{var}\");", camel(var)),
        ),
        "kt" | "kts" => ("Kotlin", format!("val {} = System.getenv(\"{var}\")", camel(var))),
        "scala" => ("Scala", format!("val {} = sys.env(\"{var}\")", camel(var))),
        "rb" | "rake" | "gemspec" => ("Ruby", format!("{lower} = ENV.fetch(\"{var}\")")),
        "rs" => ("Rust", format!("let {lower} = std::env::var(\"{var}\")?;")),
        "php" => ("PHP", format!("${} = getenv('{var}');", camel(var))),
        "cs" => (
            "C#",
            format!(
                "var {} = Environment.GetEnvironmentVariable(\"{var}\");",
                camel(var)
            ),
        ),
        "swift" => (
            "Swift",
            format!(
                "let {} = ProcessInfo.processInfo.environment[\"{var}\"]",
                camel(var)
            ),
        ),
        "c" | "h" | "cc" | "cpp" | "hpp" | "cxx" => {
            ("C/C++", format!("const char *{lower} = getenv(\"{var}\");"))
        }
        "sh" | "bash" | "zsh" | "ksh" | "fish" | "" => {
            ("shell", format!("\"${{{var}:?set {var} in the environment}}\""))
        }
        "ps1" | "psm1" => ("PowerShell", format!("$env:{var}")),
        "yml" | "yaml" => (
            "YAML",
            format!(
                "${{{var}}}   # or ${{{{ secrets.{var} }}}} in GitHub Actions; let the tool that reads this file expand it"
            ),
        ),
        "tf" | "hcl" => (
            "Terraform",
            format!("variable \"{lower}\" {{ sensitive = true }}   # set TF_VAR_{lower} in the environment"),
        ),
        // A .tfvars file only assigns values: the value leaves, the variable stays declared.
        "tfvars" => (
            "Terraform variables",
            format!(
                "delete the assignment here and set TF_VAR_<its name> in the environment (e.g. TF_VAR_{lower})"
            ),
        ),
        "json" | "toml" | "ini" | "cfg" | "conf" | "properties" | "xml" => (
            "config file",
            format!("remove the value here and have the program that reads this file take it from ${var}"),
        ),
        _ => (
            "any language",
            format!("read the value from the {var} environment variable at run time"),
        ),
    }
}

/// `BUILDKITE_API_TOKEN` → `buildkiteApiToken`.
fn camel(var: &str) -> String {
    let mut out = String::new();
    for (i, part) in var.split('_').filter(|p| !p.is_empty()).enumerate() {
        let lower = part.to_ascii_lowercase();
        if i == 0 {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.extend(chars);
            }
        }
    }
    out
}

/// The inline allow marker written as a comment in the file's language, or
/// `None` where the format has no comments (JSON).
pub fn allow_comment(path: &[u8]) -> Option<String> {
    let path = String::from_utf8_lossy(path).to_ascii_lowercase();
    let name = path.rsplit('/').next().unwrap_or(&path);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let marker = "leakfence:allow";
    Some(match ext {
        "json" | "ipynb" => return None,
        "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" | "go" | "java" | "kt" | "kts"
        | "scala" | "groovy" | "gradle" | "rs" | "c" | "h" | "cc" | "cpp" | "hpp" | "cxx" | "cs"
        | "swift" | "php" | "dart" => {
            format!("// {marker}")
        }
        "sql" | "lua" | "hs" => format!("-- {marker}"),
        "html" | "htm" | "xml" | "md" | "svg" | "vue" => format!("<!-- {marker} -->"),
        "css" | "scss" => format!("/* {marker} */"),
        _ => format!("# {marker}"),
    })
}

#[cfg(test)]
mod tests {
    use super::env_snippet;

    #[test]
    fn picks_the_file_language() {
        assert_eq!(
            env_snippet(b"app/main.py", "PULUMI_ACCESS_TOKEN").1,
            "pulumi_access_token = os.environ[\"PULUMI_ACCESS_TOKEN\"]"
        );
        assert_eq!(
            env_snippet(b"src/x.ts", "PULUMI_ACCESS_TOKEN").1,
            "const pulumiAccessToken = process.env.PULUMI_ACCESS_TOKEN;"
        );
        assert_eq!(env_snippet(b"cmd/x.go", "A_B").1, "aB := os.Getenv(\"A_B\")");
        assert_eq!(env_snippet(b"deploy.sh", "A").0, "shell");
        assert_eq!(
            env_snippet(b"web/.npmrc", "NPM_TOKEN").1.split(' ').next(),
            Some("_authToken=${NPM_TOKEN}")
        );
        assert_eq!(env_snippet(b"Dockerfile", "A").0, "Dockerfile");
        assert_eq!(
            env_snippet(b"infra/prod.tfvars", "DB_PASSWORD").1,
            "delete the assignment here and set TF_VAR_<its name> in the environment (e.g. TF_VAR_db_password)"
        );
    }
}
