#!/usr/bin/env python3
"""Move handler files of package web into a feature module.

usage: scripts/modmove.py MODULE SRC.go[:DST.go] ...

Each SRC (in internal/web) is moved to internal/web/MODULE/DST (default:
the same name): its package becomes MODULE, methods on *Server become
methods on *Module, and the shared kit's names are qualified (kit.Cell,
kit.Principal …). What is left (stores the handlers reach through s., other
features' helpers) shows up as build errors to mend by hand: give Module
the stores as fields, wired in web.New.
"""
import os, re, subprocess, sys

W = 'internal/web/'
types = dict(cell='Cell', col='Col', link='Link', crumb='Crumb', kv='KV', option='Option', formField='FormField',
             section='Section', inlineForm='InlineForm', pager='Pager', listJSON='ListJSON', noBody='NoBody',
             handler='Handler', pickOption='PickOption', errorJSON='ErrorJSON', problemJSON='ProblemJSON',
             Principal='Principal', Route='Route', Public='Public', AnyUser='AnyUser', errBodyTooLarge='ErrBodyTooLarge',
             sessionCookie='SessionCookie', langCookie='LangCookie', pickLimit='PickLimit')

def convert(src, mod):
    s = src.replace('package web\n', 'package ' + mod + '\n', 1)
    s = re.sub(r'func \(s \*Server\)', 'func (m *Module)', s)
    s = re.sub(r'(?<![\w.])s\.', 'm.', s)
    for old, new in types.items():
        s = re.sub(r'(?<![\w.])' + old + r'\b', 'kit.' + new, s)
    s = re.sub(r'(?<![\w.])scopeT\b', 'scope.Scope', s)
    return s

def main():
    mod = sys.argv[1]
    os.makedirs(W + mod, exist_ok=True)
    out = []
    for a in sys.argv[2:]:
        src, _, dst = a.partition(':')
        dst = dst or src
        text = open(W + src).read()
        open(W + mod + '/' + dst, 'w').write(convert(text, mod))
        subprocess.run(['git', 'rm', '-q', '-f', W + src], check=True)
        out.append(W + mod + '/' + dst)
    gi = os.path.expanduser('~/go/bin/goimports')
    subprocess.run([gi if os.path.exists(gi) else 'goimports', '-w'] + out)
    print('\n'.join(out))

main()
