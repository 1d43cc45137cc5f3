# Compiles the service for the benchmarks that run on its classes (bench/rewards, bench/changelog); sourced, not
# run, from the repository root. Compiles when target/classes is older than any of the service's sources, resources or poms, so that a
# benchmark never runs stale classes (a migration missing from them fails it), and writes the Maven classpath of the
# service's dependencies to $1 when it is missing or older than a pom. Never installs anything.

service_classpath() { # classpath file
    local stamp=governance-service/target/classes/.bench-compiled
    if [ ! -f "$stamp" ] || [ -n "$(find governance-service/src/main pom.xml governance-service/pom.xml contracts/pom.xml \
            -newer "$stamp" -print -quit)" ]; then
        echo "== compiling the service" >&2
        ./mvnw -B -q -pl contracts,governance-service compile -Dforge.skip=true >&2
        touch "$stamp"
    fi
    if [ ! -s "$1" ] || [ pom.xml -nt "$1" ] || [ governance-service/pom.xml -nt "$1" ]; then
        ./mvnw -B -q -pl governance-service dependency:build-classpath -Dmdep.outputFile="$1" >&2
    fi
    echo "$PWD/governance-service/target/classes:$PWD/contracts/target/classes:$(cat "$1")"
}
