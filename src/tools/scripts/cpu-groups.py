#!/usr/bin/env python3
# Used by src/tools/scripts/ingest-cpu.sh (CPU_GROUPS=1): samples the CPU ticks of every thread on the host every 2 s
# until the stop file exists, then prints CPU seconds per group: the server's request threads, JIT
# compiler and GC threads, PostgreSQL's backends and its background processes, the loader.
# Usage: cpu-groups.py SERVER_PID STOP_FILE
import os, sys, time, collections
server = sys.argv[1]
stop_file = sys.argv[2]
def group(pid, comm, cmd):
    if pid == server:
        if comm.startswith('http-nio'): return 'server:http'
        if 'GC' in comm or comm.startswith('G1'): return 'server:gc'
        if comm.startswith('C2') or comm.startswith('C1'): return 'server:jit'
        return 'server:other:' + comm.rstrip('0123456789-# ')
    if cmd.startswith('postgres'):
        for k in ('autovacuum', 'walwriter', 'checkpointer', 'background writer', 'logical', 'stats'):
            if k in cmd: return 'pg:' + k
        if 'msfhir' in cmd: return 'pg:backend'
        return 'pg:other'
    if 'java' in cmd or 'mvn' in cmd or 'plexus' in cmd:
        if 'load' in cmd: return 'loader'
        return 'otherjava'
    return 'other'
def snap():
    out = {}
    for pid in os.listdir('/proc'):
        if not pid.isdigit(): continue
        try:
            cmd = open(f'/proc/{pid}/cmdline','rb').read().replace(b'\0', b' ').decode(errors='replace')
            for tid in os.listdir(f'/proc/{pid}/task'):
                s = open(f'/proc/{pid}/task/{tid}/stat').read()
                comm = s[s.index('(')+1:s.rindex(')')]
                f = s[s.rindex(')')+2:].split()
                out[(pid, tid)] = (group(pid, comm, cmd), int(f[11]) + int(f[12]))
        except Exception:
            pass
    return out
hz = os.sysconf('SC_CLK_TCK')
tot = collections.Counter()
prev = snap()
while not os.path.exists(stop_file):
    time.sleep(2)
    cur = snap()
    for k, (g, t) in cur.items():
        tot[g] += t - (prev[k][1] if k in prev else 0)
    prev = cur
for g, t in sorted(tot.items(), key=lambda x: -x[1]):
    if t: print(f'{g:40s} {t/hz:8.1f} s')
