#!/usr/bin/env bash
# james-antispam: run the product on this machine.
#
#   ./run.sh           install what is missing, build, assemble a James 3.8.1 installation with our
#                      jar and the reference configuration under target/james, start spamd, a demo
#                      DNS blocklist (rbldnsd) and James on loopback; Ctrl-C stops them all
#   ./run.sh stop      stop what a ./run.sh started (from another terminal)
#   ./run.sh status    show what is running
#
# Overridable (environment): ANTISPAM_BIND (127.0.0.1), ANTISPAM_SMTP_PORT (2525),
# ANTISPAM_IMAP_PORT (1143), ANTISPAM_WEBADMIN_PORT (8000), ANTISPAM_SPAMD_PORT (7830),
# ANTISPAM_DNSBL_PORT (5300), ANTISPAM_JAVA_OPTS (-Xmx1g), ANTISPAM_REBUILD=1 forces a build.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN_DIR=$ROOT/target/run
JAMES_DIR=$ROOT/target/james
BUILT_DIR=$ROOT/standalone/target/james
BIND=${ANTISPAM_BIND:-127.0.0.1}
SMTP_PORT=${ANTISPAM_SMTP_PORT:-2525}
IMAP_PORT=${ANTISPAM_IMAP_PORT:-1143}
WEBADMIN_PORT=${ANTISPAM_WEBADMIN_PORT:-8000}
SPAMD_PORT=${ANTISPAM_SPAMD_PORT:-7830}
DNSBL_PORT=${ANTISPAM_DNSBL_PORT:-5300}
JAVA_OPTS=${ANTISPAM_JAVA_OPTS:--Xmx1g}
SERVICES=(james rbldnsd spamd)

say() { printf '>> %s\n' "$*"; }
die() { printf '!! %s\n' "$*" >&2; exit 1; }

pid_of() { # service -> pid if it is running
    local file=$RUN_DIR/$1.pid pid
    [ -s "$file" ] || return 1
    pid=$(cat "$file")
    kill -0 "$pid" 2>/dev/null && echo "$pid"
}

stop_all() {
    local service pid i
    for service in "${SERVICES[@]}"; do
        if pid=$(pid_of "$service"); then
            say "stopping $service (pid $pid)"
            kill -TERM "$pid" 2>/dev/null || true
            for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
        fi
        rm -f "$RUN_DIR/$service.pid"
    done
}

status() {
    local service pid
    for service in "${SERVICES[@]}"; do
        if pid=$(pid_of "$service"); then echo "$service: running (pid $pid)"; else echo "$service: stopped"; fi
    done
}

needs_build() {
    [ "${ANTISPAM_REBUILD:-0}" = 1 ] && return 0
    [ -f "$BUILT_DIR/.built" ] || return 0
    [ -n "$(find "$ROOT" -path "$ROOT/target" -prune -o -path '*/target' -prune -o \
        \( -name pom.xml -o -path '*/src/main/*' -o -path "$ROOT/james-conf/*" \) -type f \
        -newer "$BUILT_DIR/.built" -print -quit)" ]
}

build() {
    if needs_build; then
        say "building the drop-in jar and the James installation (mvn package)"
        (cd "$ROOT" && mvn -B -q package -DskipTests -pl standalone -am) || die "build failed"
        touch "$BUILT_DIR/.built"
    else
        say "build is up to date (ANTISPAM_REBUILD=1 forces one)"
    fi
}

assemble() {
    # target/james: the published James memory app, its libraries, our jar in extensions-jars/,
    # james-conf/ as conf/. var/ (mail state) and logs/ are kept from one run to the next.
    mkdir -p "$JAMES_DIR" "$RUN_DIR"
    rm -rf "$JAMES_DIR/conf" "$JAMES_DIR/extensions-jars" "$JAMES_DIR/james-server-memory-app.lib"
    cp -r "$BUILT_DIR/conf" "$BUILT_DIR/extensions-jars" "$BUILT_DIR/james-server-memory-app.lib" "$JAMES_DIR/"
    cp "$BUILT_DIR"/james-server-memory-app-*.jar "$JAMES_DIR/"
    local conf=$JAMES_DIR/conf
    sed -i "s#<bind>127.0.0.1:2525</bind>#<bind>$BIND:$SMTP_PORT</bind>#" "$conf/smtpserver.xml"
    sed -i "s#<bind>127.0.0.1:1143</bind>#<bind>$BIND:$IMAP_PORT</bind>#" "$conf/imapserver.xml"
    sed -i "s#^port=8000#port=$WEBADMIN_PORT#; s#^host=127.0.0.1#host=$BIND#" "$conf/webadmin.properties"
    sed -i "s#<dnsbl_resolver>127.0.0.1:5300</dnsbl_resolver>#<dnsbl_resolver>$BIND:$DNSBL_PORT</dnsbl_resolver>#" "$conf/smtpserver.xml"
    sed -i "s#127.0.0.1:7830#$BIND:$SPAMD_PORT#g" "$conf/mailetcontainer.xml" "$conf/smtpserver.xml"
}

check_port_free() { # proto port
    if ss -H -l"$1"n "sport = :$2" 2>/dev/null | grep -q .; then
        die "port $2 ($1) is in use: stop what uses it or set the matching ANTISPAM_*_PORT"
    fi
}

start_spamd() {
    check_port_free t "$SPAMD_PORT"
    local user=debian-spamd
    id "$user" >/dev/null 2>&1 || user=nobody
    # Site configuration: the plugin loaders (*.pre) of the installed SpamAssassin + demo/spamassassin.
    rm -rf "$RUN_DIR/spamassassin"; mkdir -p "$RUN_DIR/spamassassin" "$RUN_DIR/spamd-home"
    cp /etc/spamassassin/*.pre "$ROOT"/demo/spamassassin/*.cf "$RUN_DIR/spamassassin/"
    # Bayes storage for webadmin's learning (TELL, --allow-tell; kept between runs), never used for
    # scoring (local.cf: use_bayes_rules 0), so scores stay deterministic.
    mkdir -p "$RUN_DIR/spamd-home/bayes"
    echo "bayes_path $RUN_DIR/spamd-home/bayes/bayes" >"$RUN_DIR/spamassassin/zz_bayes_path.cf"
    chown -R "$user" "$RUN_DIR/spamd-home" 2>/dev/null || true
    spamd -x -L -s stderr -m 2 -i "$BIND" -p "$SPAMD_PORT" -A "$BIND" -u "$user" --allow-tell \
        --siteconfigpath="$RUN_DIR/spamassassin" --helper-home-dir="$RUN_DIR/spamd-home" \
        >"$RUN_DIR/spamd.log" 2>&1 &
    echo $! >"$RUN_DIR/spamd.pid"
    local i
    for i in $(seq 1 120); do
        spamc -d "$BIND" -p "$SPAMD_PORT" -K >/dev/null 2>&1 && return 0
        pid_of spamd >/dev/null || { tail -20 "$RUN_DIR/spamd.log" >&2; die "spamd exited"; }
        sleep 0.5
    done
    tail -20 "$RUN_DIR/spamd.log" >&2
    die "spamd did not answer on $BIND:$SPAMD_PORT"
}

start_rbldnsd() {
    check_port_free u "$DNSBL_PORT"
    local user=rbldns
    id "$user" >/dev/null 2>&1 || user=nobody
    rbldnsd -n -u "$user" -b "$BIND/$DNSBL_PORT" -t 300 -w "$ROOT/demo/rbldnsd" \
        bl.example.test:ip4set:bl.example.test.zone >"$RUN_DIR/rbldnsd.log" 2>&1 &
    echo $! >"$RUN_DIR/rbldnsd.pid"
    sleep 1
    pid_of rbldnsd >/dev/null || { cat "$RUN_DIR/rbldnsd.log" >&2; die "rbldnsd exited"; }
}

start_james() {
    check_port_free t "$SMTP_PORT"; check_port_free t "$IMAP_PORT"; check_port_free t "$WEBADMIN_PORT"
    (cd "$JAMES_DIR" && exec java $JAVA_OPTS -Dworking.directory=. -Dlogback.configurationFile=conf/logback.xml \
        -jar james-server-memory-app-3.8.1.jar) >"$RUN_DIR/james.out" 2>&1 &
    echo $! >"$RUN_DIR/james.pid"
    local i
    for i in $(seq 1 240); do
        curl -sf -o /dev/null "http://$BIND:$WEBADMIN_PORT/domains" && return 0
        pid_of james >/dev/null || { tail -40 "$RUN_DIR/james.out" >&2; die "James exited"; }
        sleep 0.5
    done
    tail -40 "$RUN_DIR/james.out" >&2
    die "James did not start (webadmin $BIND:$WEBADMIN_PORT)"
}

create_demo_users() {
    local user
    for user in alice postmaster spamalert spam-quarantine; do
        curl -sf -o /dev/null -XPUT "http://$BIND:$WEBADMIN_PORT/users/$user@example.test" \
            -H 'Content-Type: application/json' -d '{"password":"secret"}' || die "cannot create $user@example.test"
    done
}

start() {
    for service in "${SERVICES[@]}"; do
        pid_of "$service" >/dev/null && die "$service is already running (./run.sh stop first)"
    done
    # shellcheck source=scripts/prerequisites.sh
    . "$ROOT/scripts/prerequisites.sh"
    antispam_install_prerequisites
    build
    assemble
    trap 'echo; stop_all; exit 0' INT TERM
    trap 'stop_all' EXIT
    say "starting spamd";   start_spamd
    say "starting rbldnsd"; start_rbldnsd
    say "starting James";   start_james
    create_demo_users
    cat <<INFO

james-antispam is running (Ctrl-C or ./run.sh stop stops everything):
  SMTP      $BIND:$SMTP_PORT     (trusted client: 127.0.0.1 only; any other 127.x address is an internet client)
  IMAP      $BIND:$IMAP_PORT     users alice, postmaster, spamalert, spam-quarantine @example.test, password secret
  webadmin  http://$BIND:$WEBADMIN_PORT
  spamd     $BIND:$SPAMD_PORT     (log: target/run/spamd.log)
  DNSBL     $BIND:$DNSBL_PORT/udp  zone bl.example.test lists 127.0.0.2 (rbldnsd)
  James     target/james  (log: target/james/logs/james.log)

Try:  swaks --server $BIND:$SMTP_PORT --local-interface 127.0.0.3 --ehlo mail.example.org \\
            --from bob@example.org --to alice@example.test
INFO
    local pid
    while true; do
        for service in "${SERVICES[@]}"; do
            pid_of "$service" >/dev/null || { say "$service stopped"; exit 1; }
        done
        sleep 2
    done
}

case "${1:-start}" in
    start) start ;;
    stop) stop_all ;;
    status) status ;;
    *) die "usage: ./run.sh [start|stop|status]" ;;
esac
