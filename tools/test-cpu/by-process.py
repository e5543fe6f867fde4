# Usage: by-process.py NAME OUT — while cgroup NAME exists, writes OUT every second: CPU seconds per kind of process.
import sys,time,os,collections
cg=sys.argv[1]; out=sys.argv[2]
hz=os.sysconf('SC_CLK_TCK'); last={}; tot=collections.Counter()
def kind(pid):
    try:
        cmd=open(f'/proc/{pid}/cmdline','rb').read().split(b'\0')
    except: return None
    c=[y for x in cmd if x for y in x.decode(errors='replace').split(' ') if y]
    if not c: return None
    exe=os.path.basename(c[0])
    if 'chrom' in exe:
        t=[x for x in c if x.startswith('--type=')]
        return 'chromium'+(':'+t[0][7:] if t else ':browser')+(':webui' if '--top-chrome-webui' in c else '')+(':'+[x for x in c if x.startswith('--utility-sub-type=')][0][19:] if any(x.startswith('--utility-sub-type=') for x in c) else '')
    if exe=='dotnet':
        j=' '.join(c[1:3])
        if 'testhost' in ' '.join(c) or 'WllmSign.Tests' in ' '.join(c): return 'testhost'
        if 'WllmSign.Portal.dll' in j: return 'portal-process'
        if 'MSBuild' in j or 'publish' in j or 'build' in j: return 'msbuild/publish'
        if 'vstest' in j or ' test' in j: return 'dotnet-test'
        return 'dotnet:'+os.path.basename(c[1]) if len(c)>1 else 'dotnet'
    return exe
while os.path.exists(f'/sys/fs/cgroup/cpuacct/{cg}'):
    try: pids=open(f'/sys/fs/cgroup/cpuacct/{cg}/cgroup.procs').read().split()
    except: break
    for p in pids:
        try: f=open(f'/proc/{p}/stat').read().rsplit(')',1)[1].split()
        except: continue
        t=int(f[11])+int(f[12])
        k=last.get(p)
        if k is None:
            kd=kind(p)
            if kd is None: continue
            last[p]=[kd,t]; tot[kd]+=t  # count from its start (approx: includes time before first seen)
        else:
            tot[k[0]]+=t-k[1]; k[1]=t
    with open(out,'w') as o:
        for k,v in tot.most_common(): o.write(f'{v/hz:8.1f} s  {k}\n')
    time.sleep(1)
