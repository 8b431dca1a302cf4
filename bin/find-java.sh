# Sourced by LIOP's scripts: finds a JDK 21 or newer and exports JAVA_HOME and PATH for it.
# Looks at $JAVA_HOME first, then /usr/lib/jvm/*, then the java on PATH; prefers the newest.
# Prints what it chose on stderr when LIOP_VERBOSE is set; fails with a clear message otherwise.

liop_java_major() { # prints the major version of the java binary in $1, or nothing
  # A JDK's release file says it without starting a JVM (which costs 50-100 ms per candidate).
  local release version
  release="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p' "$release" | head -n1)
    case "$version" in
      "1 "*) echo "${version#1 }"; return 0 ;; # 1.8 is Java 8
      [0-9]*) echo "${version%% *}"; return 0 ;;
    esac
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

liop_find_java() {
  local required=21 candidate best="" best_major=0 major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -d "$candidate" ] && candidates+=("$candidate")
  done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  # $JAVA_HOME wins when it is recent enough; otherwise take the newest JDK found.
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(liop_java_major "$candidate/bin/java")
    [ -n "$major" ] || continue
    if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$major" -ge "$required" ]; then
      best="$candidate"; best_major="$major"; break
    fi
    if [ "$major" -ge "$required" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "liop: no JDK $required or newer found." >&2
    echo "      Looked at JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/*, /opt/java/*, /opt/jdk* and the java on PATH." >&2
    echo "      Install a JDK $required+ (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  [ -n "${LIOP_VERBOSE:-}" ] && echo "liop: using JDK $best_major at $JAVA_HOME" >&2
  return 0
}
