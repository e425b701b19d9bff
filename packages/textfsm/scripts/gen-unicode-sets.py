import re, sys
def ranges(pred):
    out=[]; start=None
    for c in range(0x110000):
        if 0xD800 <= c <= 0xDFFF:
            ok = False
        else:
            ok = pred(chr(c))
        if ok and start is None: start=c
        if not ok and start is not None: out.append((start,c-1)); start=None
    if start is not None: out.append((start,0x10FFFF))
    return out
w=re.compile(r'\w'); d=re.compile(r'\d'); s=re.compile(r'\s')
def enc(rs):
    # compact: "lo-hi" hex pairs separated by ','
    return ",".join(("%x"%a) if a==b else ("%x-%x"%(a,b)) for a,b in rs)
W=ranges(lambda ch: w.match(ch) is not None)
D=ranges(lambda ch: d.match(ch) is not None)
S=ranges(lambda ch: s.match(ch) is not None)
print(len(W),len(D),len(S), file=sys.stderr)
print("W=" + enc(W)); print("D=" + enc(D)); print("S=" + enc(S))
