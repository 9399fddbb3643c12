#!/bin/sh
# Runs a command where host names resolve slowly: in a private mount and network namespace whose
# only resolver (127.0.0.1:53, a server that reads queries and never answers) makes every DNS
# lookup hang for its whole timeout (5 s x 2 attempts).
#
# Usage: run-with-dead-resolver.sh [--hosts FILE] [--queries LOG] COMMAND [ARG...]
#   --hosts FILE    is bind-mounted over /etc/hosts (names in it resolve at once)
#   --queries LOG   receives the name of every query the dead resolver was sent, one a line
#
# Prints "dead-resolver: ready" on standard error once the namespace is set up, then runs COMMAND
# and exits with its status. A set-up failure (no permission for unshare, say) exits 97 with a
# message; it is never silent. Needs root (or user namespaces), unshare, ip, mount and python3.
set -eu

fail() {
    echo "dead-resolver: $*" >&2
    exit 97
}

if [ "${DEAD_RESOLVER_INSIDE:-}" != 1 ]; then
    reason=$(unshare --mount --net true 2>&1) ||
        fail "unshare --mount --net is not permitted here (${reason:-no reason given}); it needs root or user namespaces"
    DEAD_RESOLVER_INSIDE=1 exec unshare --mount --net --propagation private -- "$0" "$@"
fi
unset DEAD_RESOLVER_INSIDE

hosts=""
queries=/dev/null
while [ $# -gt 0 ]; do
    case "$1" in
        --hosts) hosts="$2"; shift 2 ;;
        --queries) queries="$2"; shift 2 ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || fail "usage: run-with-dead-resolver.sh [--hosts FILE] [--queries LOG] COMMAND [ARG...]"

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d) || fail "mktemp failed"
server=""
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

ip link set lo up || fail "cannot bring lo up in the new network namespace"
printf 'nameserver 127.0.0.1\noptions timeout:5 attempts:2\n' >"$work/resolv.conf"
mount --bind "$work/resolv.conf" /etc/resolv.conf || fail "cannot bind-mount over /etc/resolv.conf"
# Only files and DNS: no nss module (systemd-resolved, nscd) may answer from outside.
if [ -f /etc/nsswitch.conf ]; then
    grep -v '^hosts:' /etc/nsswitch.conf >"$work/nsswitch.conf"
fi
echo 'hosts: files dns' >>"$work/nsswitch.conf"
if [ -f /etc/nsswitch.conf ]; then
    mount --bind "$work/nsswitch.conf" /etc/nsswitch.conf || fail "cannot bind-mount over /etc/nsswitch.conf"
fi
for socket_folder in /run/nscd /var/run/nscd; do
    if [ -d "$socket_folder" ]; then mount -t tmpfs none "$socket_folder"; fi
done
if [ -n "$hosts" ]; then
    mount --bind "$hosts" /etc/hosts || fail "cannot bind-mount $hosts over /etc/hosts"
fi

mkfifo "$work/ready"
python3 "$here/dead-dns.py" "$work/ready" "$queries" &
server=$!
read -r answer <"$work/ready" || true
[ "$answer" = ready ] || fail "the dead DNS server did not start"

echo "dead-resolver: ready" >&2
set +e
"$@"
status=$?
exit "$status"
