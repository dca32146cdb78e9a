# Sourced by run.sh and test.sh: makes sure the machine has what james-antispam needs.
#   Debian packages: spamassassin spamd spamc rbldnsd swaks (installed with apt-get when absent)
#   Tools: java (17+), mvn, curl
# Needs root (or sudo) only when something is missing.

ANTISPAM_PACKAGES=(spamassassin spamd spamc rbldnsd swaks)

antispam_install_prerequisites() {
    local missing=() pkg
    for pkg in "${ANTISPAM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo ">> installing Debian packages: ${missing[*]}"
        local sudo=""
        if [ "$(id -u)" -ne 0 ]; then
            if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
                sudo="sudo"
            else
                echo "!! not root and no sudo: install these packages first: ${missing[*]}" >&2
                echo "   (apt-get install ${missing[*]})" >&2
                return 1
            fi
        fi
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    local tool
    for tool in java mvn curl; do
        command -v "$tool" >/dev/null 2>&1 || { echo "!! $tool is required and missing" >&2; return 1; }
    done
    # spamd must not run as a system service on its default port: we start our own on loopback.
    return 0
}
