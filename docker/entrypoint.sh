#!/bin/sh
# Entry point of the Replex image: runs the replex launcher with the given command (default: node).
# For `replex node`, every jar in $REPLEX_PLUGINS (default /opt/replex/plugins) is put on the class
# path of user Target classes (--classpath).
set -e
plugins=${REPLEX_PLUGINS:-/opt/replex/plugins}
if [ "${1:-node}" = node ]; then
    [ $# -gt 0 ] && shift
    cp=""
    for jar in "$plugins"/*.jar; do
        [ -f "$jar" ] && cp="${cp:+$cp:}$jar"
    done
    if [ -n "$cp" ]; then
        set -- node --classpath "$cp" "$@"
    else
        set -- node "$@"
    fi
fi
exec /opt/replex/bin/replex "$@"
