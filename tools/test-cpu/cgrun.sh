#!/bin/bash
# Usage: cgrun.sh NAME CMD...  — runs CMD in the cpuacct cgroup NAME; prints its CPU seconds, wall time and exit code.
g=/sys/fs/cgroup/cpuacct/$1; shift
mkdir -p $g; echo $$ > $g/cgroup.procs
u0=$(cat $g/cpuacct.usage); s=$SECONDS
"$@"; rc=$?
u1=$(cat $g/cpuacct.usage)
echo "CGRUN: cpu $(( (u1-u0)/1000000000 )) s, wall $((SECONDS-s)) s, rc $rc, load $(cut -d' ' -f1-3 /proc/loadavg)"
exit $rc
