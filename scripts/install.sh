#!/usr/bin/env bash
# Installs ParoleWatch as a systemd service (run as root, or with DESTDIR for packaging):
#   PREFIX/bin/parolewatch                    the release binary (PREFIX=/usr/local)
#   SYSCONFDIR/parolewatch/parolewatch.yaml   from config/parolewatch.system.yaml (SYSCONFDIR=/etc)
#   SYSCONFDIR/parolewatch/model.yaml         the scoring model
#   SYSCONFDIR/parolewatch/replies.yaml       the suggested replies written into alert files
#   SYSCONFDIR/parolewatch/feeds.yaml         the feed list (the sample feeds, with samples/)
#   UNITDIR/parolewatch.service               the unit (UNITDIR=/etc/systemd/system)
#   PREFIX/share/doc/parolewatch/README.md
# Configuration files are never overwritten once edited: like dpkg conffiles, a file still equal to
# the default shipped last time is updated; an edited one is kept and the new default is written
# beside it as FILE.new. The defaults installed are remembered in PREFIX/share/parolewatch/defaults.
#
# usage: scripts/install.sh [--binary PATH] [--no-systemctl]
#        scripts/install.sh --uninstall [--purge] [--no-systemctl]
#   --binary PATH    install this binary instead of building the release one
#   --no-systemctl   do not run systemctl (implied with DESTDIR)
#   --uninstall      stop and disable the service, remove binary, unit, docs; keep configuration and
#                    state (with --purge, remove SYSCONFDIR/parolewatch and the state too)
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX=${PREFIX:-/usr/local}
SYSCONFDIR=${SYSCONFDIR:-/etc}
UNITDIR=${UNITDIR:-/etc/systemd/system}
DESTDIR=${DESTDIR:-}
binary="" uninstall=false purge=false systemctl=true
while (($#)); do
    case "$1" in
        --binary) binary=$2; shift 2 ;;
        --uninstall) uninstall=true; shift ;;
        --purge) purge=true; shift ;;
        --no-systemctl) systemctl=false; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "install: unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
done
[[ -z "$DESTDIR" ]] || systemctl=false
[[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1 || systemctl=false

bindir=$DESTDIR$PREFIX/bin
confdir=$DESTDIR$SYSCONFDIR/parolewatch
unitdir=$DESTDIR$UNITDIR
docdir=$DESTDIR$PREFIX/share/doc/parolewatch
defaults=$DESTDIR$PREFIX/share/parolewatch/defaults

if $uninstall; then
    if $systemctl; then systemctl disable --now parolewatch.service 2>/dev/null || true; fi
    rm -f "$bindir/parolewatch" "$unitdir/parolewatch.service"
    rm -rf "$docdir" "$DESTDIR$PREFIX/share/parolewatch"
    if $systemctl; then systemctl daemon-reload; fi
    if $purge; then
        rm -rf "$confdir" "$DESTDIR/var/lib/parolewatch" "$DESTDIR/var/lib/private/parolewatch"
        echo "install: removed ParoleWatch, its configuration and its state"
    else
        echo "install: removed ParoleWatch; kept $SYSCONFDIR/parolewatch and /var/lib/parolewatch (--purge removes them)"
    fi
    exit 0
fi

if [[ -z "$binary" ]]; then
    scripts/bootstrap.sh
    swift build -c release --product parolewatch
    binary="$(swift build -c release --show-bin-path)/parolewatch"
fi
[[ -x "$binary" ]] || { echo "install: $binary is not an executable" >&2; exit 1; }

# install_conffile SOURCE TARGET: see the header.
install_conffile() {
    local source=$1 target=$2 name
    name=${target#"$confdir"/}
    local previous="$defaults/$name"
    mkdir -p "$(dirname "$target")" "$(dirname "$previous")"
    if [[ ! -e "$target" ]] || cmp -s "$target" "$previous" || cmp -s "$target" "$source"; then
        install -m 0644 "$source" "$target"
    else
        install -m 0644 "$source" "$target.new"
        echo "install: kept your edited $SYSCONFDIR/parolewatch/$name; the new default is $name.new"
    fi
    install -m 0644 "$source" "$previous"
}

install -d -m 0755 "$bindir" "$confdir" "$unitdir" "$docdir"
install -m 0755 "$binary" "$bindir/parolewatch"
install_conffile config/parolewatch.system.yaml "$confdir/parolewatch.yaml"
install_conffile config/model.yaml "$confdir/model.yaml"
install_conffile config/replies.yaml "$confdir/replies.yaml"
install_conffile feeds/feeds.yaml "$confdir/feeds.yaml"
for sample in feeds/samples/*; do
    install_conffile "$sample" "$confdir/samples/$(basename "$sample")"
done
install -m 0644 README.md "$docdir/README.md"
sed -e "s|/usr/local/bin/parolewatch|$PREFIX/bin/parolewatch|g" \
    -e "s|/etc/parolewatch/|$SYSCONFDIR/parolewatch/|g" \
    -e "s|/usr/local/share/doc/parolewatch|$PREFIX/share/doc/parolewatch|g" \
    systemd/parolewatch.service >"$unitdir/parolewatch.service"
chmod 0644 "$unitdir/parolewatch.service"
if $systemctl; then systemctl daemon-reload; fi

cat <<NEXT
install: installed ParoleWatch $("$binary" --version 2>/dev/null || echo) into ${DESTDIR:-/}
  binary   $PREFIX/bin/parolewatch
  config   $SYSCONFDIR/parolewatch/parolewatch.yaml (model.yaml, replies.yaml, feeds.yaml, samples/)
  unit     $UNITDIR/parolewatch.service
Next steps:
  1. Put your feeds in $SYSCONFDIR/parolewatch/feeds.yaml (it starts with the sample feeds).
  2. Webhook secrets: store each as a file readable by root only and add a drop-in
     (systemctl edit parolewatch) with LoadCredential=NAME:/path/to/secret, then use
     secret_credential: NAME in the config.
  3. Check:   $PREFIX/bin/parolewatch check-config --config $SYSCONFDIR/parolewatch/parolewatch.yaml
  4. Start:   systemctl enable --now parolewatch
  5. Watch:   systemctl status parolewatch; journalctl -u parolewatch -f
  6. After editing the configuration: systemctl reload parolewatch
NEXT
