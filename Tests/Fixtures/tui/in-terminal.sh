#!/bin/sh
# Runs "$@" (a muster command) in the terminal tmux gives it, recording the terminal's modes
# before and after, the command's pid and its exit status, for the dashboard's tests.
stty -a > stty.before
sh -c 'echo $$ > tui.pid; exec "$@"' sh "$@"
code=$?
stty -a > stty.after
echo "$code" > status
exec sleep 600
