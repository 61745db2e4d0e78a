#!/usr/bin/env python3
"""asn1gen.py — NGAP C types and APER descriptor tables from the ASN.1 of TS 38.413.

Usage: asn1gen.py MODULE.asn OUT.h OUT.c

Reads the six NGAP modules (one file), and writes:
  OUT.h  enums (procedure codes, IE ids, constants, ENUMERATED types, CHOICE
         selectors), one C struct per ASN.1 type, struct ngap_pdu, and extern
         declarations of the descriptors;
  OUT.c  one `const struct aper_type` descriptor per type, with member, IE,
         enumeration and procedure tables, walked by the runtime in aper.c.

The parser understands the subset of X.680/X.681/X.683 the NGAP modules use:
type, value, information object and object set assignments; SEQUENCE, SEQUENCE
OF, CHOICE, ENUMERATED, INTEGER, BOOLEAN, NULL, BIT STRING, OCTET STRING,
OBJECT IDENTIFIER, PrintableString, VisibleString, UTF8String; value and SIZE
constraints with extension markers; CONTAINING; the parameterised containers
of NGAP-Containers (recognised by name, see CONTAINERS). Anything else stops
the build with a message naming the line.
"""
import re
import sys

# --------------------------------------------------------------------------
# Lexer

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<assign>::=)
  | (?P<ellipsis>\.\.\.)
  | (?P<range>\.\.)
  | (?P<num>-?\d+)
  | (?P<ident>&?[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)
  | (?P<punct>[{}()\[\],|@.;!<>:])
""", re.X)


class Tok:
    __slots__ = ("text", "line")

    def __init__(self, text, line):
        self.text = text
        self.line = line


def lex(text):
    toks = []
    for lineno, line in enumerate(text.split("\n"), 1):
        # Comments run from "--" to the next "--" or the end of the line.
        parts = line.split("--")
        code = "".join(p for i, p in enumerate(parts) if i % 2 == 0)
        pos = 0
        while pos < len(code):
            m = TOKEN.match(code, pos)
            if not m:
                sys.exit(f"asn1gen: line {lineno}: cannot read {code[pos:pos + 20]!r}")
            pos = m.end()
            if m.lastgroup != "ws":
                toks.append(Tok(m.group(), lineno))
    toks.append(Tok("<eof>", -1))
    return toks


# --------------------------------------------------------------------------
# AST

class T:
    """A type as written: kind plus attributes, and its constraints."""

    def __init__(self, kind, line, **kw):
        self.kind = kind
        self.line = line
        self.cons = []
        self.__dict__.update(kw)


class Comp:
    def __init__(self, name, typ, optional, addition):
        self.name = name
        self.typ = typ
        self.optional = optional
        self.addition = addition


CONTAINERS = {
    "ProtocolIE-Container", "ProtocolIE-SingleContainer", "ProtocolIE-Field",
    "ProtocolIE-ContainerPair", "ProtocolIE-FieldPair", "ProtocolIE-ContainerList",
    "ProtocolIE-ContainerPairList", "ProtocolExtensionContainer", "ProtocolExtensionField",
    "PrivateIE-Container", "PrivateIE-Field",
}

OBJ_PHRASES = {
    # phrase: (field, is_type)
    "ID": ("id", False),
    "CRITICALITY": ("criticality", False),
    "TYPE": ("type", True),
    "EXTENSION": ("type", True),
    "PRESENCE": ("presence", False),
    "INITIATING MESSAGE": ("init", True),
    "SUCCESSFUL OUTCOME": ("succ", True),
    "UNSUCCESSFUL OUTCOME": ("unsucc", True),
    "PROCEDURE CODE": ("code", False),
    "FIRST CRITICALITY": ("crit1", False),
    "FIRST TYPE": ("type1", True),
    "SECOND CRITICALITY": ("crit2", False),
    "SECOND TYPE": ("type2", True),
}


class Parser:
    def __init__(self, toks):
        self.t = toks
        self.i = 0
        self.types = {}      # name -> T
        self.values = {}     # name -> (type name, raw value)
        self.objects = {}    # name -> (class, dict)
        self.objsets = {}    # name -> (class, [elements], extensible)
        self.order = []      # type names in file order

    def peek(self, k=0):
        return self.t[self.i + k].text

    def line(self):
        return self.t[self.i].line

    def next(self):
        tok = self.t[self.i]
        self.i += 1
        return tok.text

    def fail(self, msg):
        sys.exit(f"asn1gen: line {self.line()}: {msg} (at {self.peek()!r})")

    def expect(self, text):
        if self.peek() != text:
            self.fail(f"expected {text!r}")
        return self.next()

    def skip_braces(self):
        self.expect("{")
        depth = 1
        out = []
        while depth:
            tx = self.next()
            if tx == "<eof>":
                self.fail("unbalanced braces")
            if tx == "{":
                depth += 1
            elif tx == "}":
                depth -= 1
            if depth:
                out.append(tx)
        return out

    # -- modules --------------------------------------------------------
    def parse(self):
        while self.peek() != "<eof>":
            self.next()                     # module name
            if self.peek() == "{":
                self.skip_braces()
            for w in ("DEFINITIONS", "AUTOMATIC", "TAGS", "::=", "BEGIN"):
                self.expect(w)
            if self.peek() in ("IMPORTS", "EXPORTS"):
                while self.next() != ";":
                    pass
            while self.peek() != "END":
                self.assignment()
            self.expect("END")

    def assignment(self):
        name = self.next()
        if self.peek() == "{":              # parameterised type: built in, see CONTAINERS
            self.skip_braces()
            self.expect("::=")
            self.parse_type()
            if name not in CONTAINERS:
                self.fail(f"parameterised type {name} is not supported")
            return
        if self.peek() == "::=":
            self.next()
            if self.peek() == "CLASS":
                self.next()
                self.skip_braces()
                if self.peek() == "WITH":
                    self.next()
                    self.expect("SYNTAX")
                    self.skip_braces()
                return
            self.types[name] = self.parse_type()
            self.order.append(name)
            return
        ref = self.next()
        self.expect("::=")
        if self.peek() == "{":
            if name[0].islower():
                self.objects[name] = (ref, self.parse_object())
            else:
                elems, ext = self.parse_objset()
                self.objsets[name] = (ref, elems, ext)
            return
        self.values[name] = (ref, self.next())

    # -- information objects --------------------------------------------
    def parse_object(self):
        self.expect("{")
        obj = {}
        while self.peek() != "}":
            two = self.peek() + " " + self.peek(1)
            if two in OBJ_PHRASES:
                phrase = two
                self.next()
                self.next()
            elif self.peek() in OBJ_PHRASES:
                phrase = self.next()
            else:
                self.fail("unknown object syntax")
            field, is_type = OBJ_PHRASES[phrase]
            obj[field] = self.parse_type() if is_type else self.next()
        self.expect("}")
        return obj

    def parse_objset(self):
        self.expect("{")
        elems = []
        ext = False
        while self.peek() != "}":
            tx = self.peek()
            if tx == "{":
                elems.append(("obj", self.parse_object()))
            elif tx == "...":
                self.next()
                ext = True
            elif tx in ("|", ","):
                self.next()
            else:
                elems.append(("ref", self.next()))
        self.expect("}")
        return elems, ext

    # -- types ------------------------------------------------------------
    def parse_type(self):
        line = self.line()
        tx = self.next()
        if tx == "SEQUENCE" or tx == "SET":
            if tx == "SET":
                self.fail("SET is not supported")
            if self.peek() == "{":
                comps, ext = self.parse_components()
                t = T("seq", line, comps=comps, ext=ext)
            else:
                cons = []
                if self.peek() == "(":
                    cons.append(self.parse_constraint())
                elif self.peek() == "SIZE":
                    self.next()
                    cons.append({"size": self.parse_constraint()})
                self.expect("OF")
                t = T("seqof", line, elem=self.parse_type())
                t.cons = cons
        elif tx == "CHOICE":
            comps, ext = self.parse_components()
            t = T("choice", line, comps=comps, ext=ext)
        elif tx == "ENUMERATED":
            t = self.parse_enum(line)
        elif tx == "INTEGER":
            t = T("int", line)
        elif tx == "BOOLEAN":
            t = T("bool", line)
        elif tx == "NULL":
            t = T("null", line)
        elif tx == "BIT":
            self.expect("STRING")
            if self.peek() == "{":
                self.fail("named bits are not supported")
            t = T("bits", line)
        elif tx == "OCTET":
            self.expect("STRING")
            t = T("octets", line)
        elif tx == "OBJECT":
            self.expect("IDENTIFIER")
            t = T("oid", line)
        elif tx in ("PrintableString", "VisibleString", "IA5String", "UTF8String"):
            t = T("chars", line, strtype=tx)
        elif self.peek() == "." and self.peek(1).startswith("&"):
            self.next()
            t = T("classfield", line, cls=tx, field=self.next())
        else:
            t = T("ref", line, name=tx, params=None)
            if tx in CONTAINERS:
                t.params = [p for p in self.skip_braces() if p not in ("{", "}", ",")]
        while self.peek() == "(":
            t.cons.append(self.parse_constraint())
        return t

    def parse_components(self):
        self.expect("{")
        comps = []
        markers = 0
        while self.peek() != "}":
            if self.peek() == "...":
                self.next()
                markers += 1
            elif self.peek() == "[[":
                self.fail("extension addition groups are not supported")
            else:
                name = self.next()
                typ = self.parse_type()
                opt = False
                if self.peek() == "OPTIONAL":
                    self.next()
                    opt = True
                elif self.peek() == "DEFAULT":
                    self.fail("DEFAULT components are not supported")
                comps.append(Comp(name, typ, opt, markers == 1))
            if self.peek() == ",":
                self.next()
        self.expect("}")
        return comps, markers > 0

    def parse_enum(self, line):
        self.expect("{")
        items = []
        nroot = None
        while self.peek() != "}":
            if self.peek() == "...":
                self.next()
                nroot = len(items)
            else:
                name = self.next()
                if self.peek() == "(":
                    self.fail("enumeration values with explicit numbers are not supported")
                items.append(name)
            if self.peek() == ",":
                self.next()
        self.expect("}")
        return T("enum", line, items=items, nroot=len(items) if nroot is None else nroot,
                 ext=nroot is not None)

    def parse_constraint(self):
        self.expect("(")
        if self.peek() == "SIZE":
            self.next()
            c = {"size": self.parse_constraint()}
            if self.peek() == ",":
                self.next()
                self.expect("...")
                c["size"]["ext"] = True
        elif self.peek() == "CONTAINING":
            self.next()
            c = {"containing": self.parse_type()}
        elif self.peek() == "{":
            while self.peek() == "{":
                self.skip_braces()
            c = {"table": True}
        else:
            c = {"root": [], "ext": False, "add": []}
            while self.peek() != ")":
                if self.peek() == "...":
                    self.next()
                    c["ext"] = True
                else:
                    lo = self.next()
                    hi = lo
                    if self.peek() == "..":
                        self.next()
                        hi = self.next()
                    (c["add"] if c["ext"] else c["root"]).append((lo, hi))
                if self.peek() in (",", "|"):
                    self.next()
        self.expect(")")
        return c


# --------------------------------------------------------------------------
# Descriptors (what the runtime walks) and their C representation

C_KEYWORDS = {"auto", "break", "case", "char", "const", "continue", "default", "do", "double",
              "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
              "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
              "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "bool"}

INLINE_MAX_OCTETS = 32     # fixed or bounded strings up to this size are stored inline


def cid(name):
    s = name.replace("-", "_")
    return s + "_" if s in C_KEYWORDS else s


def bitlen(v):
    return v.bit_length() if v > 0 else 0


class D:
    """One descriptor. cname names both the descriptor and, where it has one, the struct."""

    def __init__(self, kind, cname, asn):
        self.kind = kind
        self.cname = cname
        self.asn = asn
        self.ext = False
        self.lb = None
        self.ub = None
        self.xlb = None
        self.xub = None
        self.members = []       # SEQ/CHOICE: (name, D, optional, addition)
        self.nroot = 0
        self.elem = None
        self.items = []         # ENUM names
        self.ies = []           # IECONT: (member, id value, id name, crit, D, optional)
        self.mode = None        # IECONT: cont | single | extcont
        self.ranges = None      # INT: the root as a union of ranges
        self.alpha = 0          # CHARS: 1 printable, 2 visible, 3 IA5
        self.containing = None  # OCTETS: contained type descriptor
        self.inline = False     # strings: stored inline
        self.fixed = False      # inline string without a length field
        self.cap = 0            # inline string capacity in octets
        self.signed = False
        self.big = False
        self.struct = None      # C struct tag if it has one
        self.comment = ""
        self.line = 0
        self.msgstruct = False  # a SEQUENCE { protocolIEs, ... } sharing its container's struct

    def ctype(self):
        """C type used to store a value of this descriptor, or None (no storage)."""
        k = self.kind
        if k == "INT":
            return ("int64_t" if self.big else "int32_t") if self.signed else \
                ("uint64_t" if self.big else "uint32_t")
        if k == "ENUM":
            return f"enum ngap_{self.cname}"
        if k == "BOOL":
            return "bool"
        if k == "NULL":
            return None
        if k == "BITS":
            return f"struct ngap_{self.cname}" if self.inline else "struct ngap_bits"
        if k == "OCTETS":
            return f"struct ngap_{self.cname}" if self.inline else "struct ngap_octets"
        if k in ("CHARS", "OPEN"):
            return "struct ngap_octets"
        if k == "IECONT" and not self.ies and self.mode != "cont":
            return None
        if k == "CHOICE" and self.struct is None:
            return None
        return f"struct ngap_{self.struct}"


class Gen:
    def __init__(self, p):
        self.p = p
        self.named = {}         # type name -> D
        self.ieconts = {}       # (set, mode) -> D
        self.all = []           # every D, creation order
        self.values = {}
        self.ie_ids = {}        # id name -> value
        self.proc_ids = {}
        self.consts = {}
        self.building = set()
        self.procs = []

    # -- values -------------------------------------------------------------
    def value(self, raw, line=0):
        if re.fullmatch(r"-?\d+", raw):
            return int(raw)
        if raw in self.p.values:
            return self.value(self.p.values[raw][1], line)
        if raw in ("MIN", "MAX"):
            return raw
        sys.exit(f"asn1gen: line {line}: unknown value {raw}")

    def new(self, kind, cname, asn, line):
        d = D(kind, cname, asn)
        d.line = line
        self.all.append(d)
        return d

    # -- constraints --------------------------------------------------------
    def range_of(self, c, line):
        """(lb, ub, ext, xlb, xub) of a value constraint; None for MIN/MAX ends."""
        vals = [(self.value(lo, line), self.value(hi, line)) for lo, hi in c["root"]]
        if not vals or any(isinstance(v, str) for r in vals[1:] for v in r):
            sys.exit(f"asn1gen: line {line}: unsupported value set")
        # A union of values is PER-visible as the range that covers it (X.691 10.3).
        lb = vals[0][0] if len(vals) == 1 else min(v[0] for v in vals)
        ub = vals[0][1] if len(vals) == 1 else max(v[1] for v in vals)
        lb = None if lb == "MIN" else lb
        ub = None if ub == "MAX" else ub
        xlb, xub = lb, ub
        if c["ext"] and not c["add"]:
            xlb, xub = None, None       # any value may follow the marker
        for lo, hi in c["add"]:
            lo = self.value(lo, line)
            hi = self.value(hi, line)
            if lo == "MIN" or xlb is None:
                xlb = None
            else:
                xlb = min(xlb, lo)
            if hi == "MAX" or xub is None:
                xub = None
            else:
                xub = max(xub, hi)
        return lb, ub, c["ext"], xlb, xub

    def apply_size(self, d, t):
        for c in t.cons:
            if "size" in c:
                lb, ub, ext, _, _ = self.range_of(c["size"], t.line)
                d.lb, d.ub, d.ext = lb, ub, ext
            elif "containing" in c:
                d.containing = self.build(c["containing"], d.cname + "_contained")
            elif "table" in c:
                pass
            else:
                sys.exit(f"asn1gen: line {t.line}: value constraint on a string")

    # -- types ----------------------------------------------------------------
    def named_type(self, name, line):
        if name in self.named:
            return self.named[name]
        if name not in self.p.types:
            sys.exit(f"asn1gen: line {line}: unknown type {name}")
        if name in self.building:
            sys.exit(f"asn1gen: recursive type {name} is not supported")
        self.building.add(name)
        d = self.build(self.p.types[name], cid(name), asn=name)
        self.building.discard(name)
        self.named[name] = d
        return d

    def build(self, t, cname, asn=None):
        asn = asn or cname
        k = t.kind
        if k == "ref":
            if t.params is not None:
                return self.container(t)
            if t.cons:
                sys.exit(f"asn1gen: line {t.line}: constrained type references are not supported")
            return self.named_type(t.name, t.line)
        if k == "int":
            d = self.new("INT", cname, asn, t.line)
            for c in t.cons:
                if "root" not in c:
                    sys.exit(f"asn1gen: line {t.line}: bad INTEGER constraint")
                d.lb, d.ub, d.ext, d.xlb, d.xub = self.range_of(c, t.line)
                if len(c["root"]) > 1:
                    d.ranges = [(self.value(lo), self.value(hi)) for lo, hi in c["root"]]
            # Storage: the narrowest of uint32/int32/uint64/int64 holding every permitted
            # value. An extensible range without listed additions keeps the root's
            # signedness, and extension values must fit that storage.
            if d.lb is None:
                d.signed, d.big = True, True
            else:
                lo = d.xlb if (d.ext and d.xlb is not None) else d.lb
                hi = d.xub if (d.ext and d.xub is not None) else d.ub
                d.signed = lo < 0
                if d.signed:
                    d.big = hi is None or lo < -(1 << 31) or hi > (1 << 31) - 1
                else:
                    d.big = hi is None or hi > 0xFFFFFFFF
            if d.ext and (d.xlb is None or d.xub is None):
                if d.signed:
                    d.xlb = -(1 << 63) if d.big else -(1 << 31)
                    d.xub = (1 << 63) - 1 if d.big else (1 << 31) - 1
                else:
                    d.xlb = 0
                    d.xub = (1 << 64) - 1 if d.big else 0xFFFFFFFF
            return d
        if k == "enum":
            d = self.new("ENUM", cname, asn, t.line)
            d.items = t.items
            d.nroot = t.nroot
            d.ext = t.ext
            return d
        if k == "bool":
            return self.new("BOOL", cname, asn, t.line)
        if k == "null":
            return self.new("NULL", cname, asn, t.line)
        if k in ("bits", "octets"):
            d = self.new("BITS" if k == "bits" else "OCTETS", cname, asn, t.line)
            self.apply_size(d, t)
            unit = 1 if k == "bits" else 8
            if (not d.ext and d.ub is not None and d.containing is None
                    and d.ub * unit <= INLINE_MAX_OCTETS * 8):
                d.inline = True
                d.fixed = d.lb == d.ub
                d.cap = (d.ub * unit + 7) // 8
                d.struct = cname
            return d
        if k == "oid":
            return self.new("OCTETS", cname, asn, t.line)   # contents octets, X.691 24
        if k == "chars":
            if t.strtype == "UTF8String":
                # X.691 makes the SIZE of a UTF8String not PER-visible, but deployed NGAP
                # peers and Wireshark encode it as an extensible size in octets (an
                # extension bit, a constrained length, the octets): do the same.
                d = self.new("OCTETS", cname, asn, t.line)
                self.apply_size(d, t)
                return d
            d = self.new("CHARS", cname, asn, t.line)
            d.alpha = {"PrintableString": 1, "VisibleString": 2, "IA5String": 3}[t.strtype]
            self.apply_size(d, t)
            return d
        if k == "seqof":
            d = self.new("SEQOF", cname, asn, t.line)
            self.apply_size(d, t)
            d.struct = cname
            d.elem = self.build(t.elem, cname + "_item")
            if d.elem.ctype() is None:
                sys.exit(f"asn1gen: line {t.line}: SEQUENCE OF a type without storage")
            return d
        if k == "seq":
            # A message: SEQUENCE { protocolIEs ProtocolIE-Container {{Set}}, ... }
            if (len(t.comps) == 1 and t.comps[0].typ.kind == "ref"
                    and t.comps[0].typ.name == "ProtocolIE-Container" and not t.comps[0].optional):
                d = self.new("SEQ", cname, asn, t.line)
                d.ext = t.ext
                d.struct = cname
                d.msgstruct = True
                cont = self.container(t.comps[0].typ, struct=cname)
                d.members = [("protocolIEs", cont, False, False)]
                d.nroot = 1
                return d
            d = self.new("SEQ", cname, asn, t.line)
            d.ext = t.ext
            d.struct = cname
            for c in t.comps:
                m = self.build(c.typ, cname + "_" + cid(c.name))
                d.members.append((c.name, m, c.optional, c.addition))
            d.nroot = sum(1 for c in t.comps if not c.addition)
            if any(m[2] and m[1].ctype() is None and m[1].kind != "IECONT" for m in d.members):
                sys.exit(f"asn1gen: line {t.line}: OPTIONAL component without storage")
            return d
        if k == "choice":
            d = self.new("CHOICE", cname, asn, t.line)
            d.ext = t.ext
            d.struct = cname
            for c in t.comps:
                m = self.build(c.typ, cname + "_" + cid(c.name))
                d.members.append((c.name, m, False, c.addition))
            d.nroot = sum(1 for c in t.comps if not c.addition)
            return d
        if k == "classfield":
            if t.field in ("&Value", "&Extension"):
                return self.new("OPEN", cname, asn, t.line)
            if t.field == "&id":
                return self.named_type("ProtocolIE-ID", t.line)
            if t.field == "&criticality":
                return self.named_type("Criticality", t.line)
            sys.exit(f"asn1gen: line {t.line}: class field {t.field} is not supported here")
        sys.exit(f"asn1gen: line {t.line}: type {k} is not supported")

    # -- information object sets ----------------------------------------------
    def flatten(self, setname, line):
        if setname not in self.p.objsets:
            sys.exit(f"asn1gen: line {line}: unknown object set {setname}")
        out = []
        for kind, e in self.p.objsets[setname][1]:
            if kind == "obj":
                out.append(e)
            elif e in self.p.objects:
                out.append(self.p.objects[e][1])
            else:
                out.extend(self.flatten(e, line))
        return out

    def container(self, t, struct=None):
        name = t.name
        if name == "PrivateIE-Container":
            return self.private_container(t)
        modes = {"ProtocolIE-Container": "cont", "ProtocolIE-SingleContainer": "single",
                 "ProtocolExtensionContainer": "extcont"}
        if name not in modes or len(t.params) != 1:
            sys.exit(f"asn1gen: line {t.line}: {name} is not supported")
        mode = modes[name]
        setname = t.params[0]
        key = (setname, mode, struct)
        if key in self.ieconts:
            return self.ieconts[key]
        d = self.new("IECONT", cid(setname), setname, t.line)
        d.mode = mode
        d.struct = struct or cid(setname)
        if mode == "cont":
            d.lb, d.ub = 0, self.value("maxProtocolIEs")
        elif mode == "extcont":
            d.lb, d.ub = 1, self.value("maxProtocolExtensions")
        else:
            d.lb, d.ub = 1, 1
        self.ieconts[key] = d
        for obj in self.flatten(setname, t.line):
            idname = obj["id"]
            idv = self.value(idname, t.line)
            member = cid(idname[3:] if idname.startswith("id-") else idname)
            typ = self.build(obj["type"], d.struct + "_" + member)
            crit = {"reject": 0, "ignore": 1, "notify": 2}[obj["criticality"]]
            pres = obj.get("presence", "optional")
            d.ies.append((member, idv, idname, crit, typ, pres != "mandatory"))
        if mode == "single":
            # One IE of several: every member is a pointer, at most one set.
            d.ies = [(a, b, c, e, f, True) for a, b, c, e, f, _ in d.ies]
        return d

    def private_container(self, t):
        # PrivateIE-Container {{Set}} ::= SEQUENCE (SIZE (1..maxPrivateIEs)) OF
        #   PrivateIE-Field ::= SEQUENCE { id PrivateIE-ID, criticality Criticality, value OPEN }
        if "PrivateIE-Field" in self.named:
            field = self.named["PrivateIE-Field"]
        else:
            field = self.new("SEQ", "PrivateIE_Field", "PrivateIE-Field", t.line)
            field.struct = "PrivateIE_Field"
            field.members = [("id", self.named_type("PrivateIE-ID", t.line), False, False),
                             ("criticality", self.named_type("Criticality", t.line), False, False),
                             ("value", self.new("OPEN", "PrivateIE_Field_value", "value", t.line),
                              False, False)]
            field.nroot = 3
            self.named["PrivateIE-Field"] = field
        d = self.new("SEQOF", "PrivateIE_Container", "PrivateIE-Container", t.line)
        d.lb, d.ub = 1, self.value("maxPrivateIEs")
        d.struct = "PrivateIE_Container"
        d.elem = field
        return d

    # -- whole module -----------------------------------------------------------
    def run(self):
        for name, (typ, raw) in self.p.values.items():
            v = self.value(raw)
            if typ == "ProtocolIE-ID":
                self.ie_ids[name] = v
            elif typ == "ProcedureCode":
                self.proc_ids[name] = v
            elif typ == "INTEGER":
                self.consts[name] = v
        skip = {"NGAP-PDU", "InitiatingMessage", "SuccessfulOutcome", "UnsuccessfulOutcome"}
        for name in self.p.order:
            if name not in skip:
                self.named_type(name, 0)
        procs = self.flatten("NGAP-ELEMENTARY-PROCEDURES", 0)
        seen = set()
        for obj in procs:
            code = self.value(obj["code"])
            crit = {"reject": 0, "ignore": 1, "notify": 2}[obj.get("criticality", "ignore")]
            for di, f in ((1, "init"), (2, "succ"), (3, "unsucc")):
                if f in obj:
                    tname = obj[f].name
                    if tname in seen:
                        sys.exit(f"asn1gen: message {tname} used by two procedures")
                    seen.add(tname)
                    self.procs.append((code, di, crit, self.named[tname], obj["code"]))
        self.procs.sort(key=lambda x: (x[0], x[1]))


# --------------------------------------------------------------------------
# Minimum encoded size (bits), a lower bound used to bound SEQUENCE OF counts

def cwn_bits(rng):
    if rng <= 1:
        return 0
    if rng <= 255:
        return bitlen(rng - 1)
    if rng <= 65536:
        return 8 if rng == 256 else 16
    return 8


def min_bits(d, memo):
    if d.cname in memo and memo[d.cname][0] is d:
        return memo[d.cname][1]
    memo[d.cname] = (d, 0)
    k = d.kind
    e = 1 if d.ext else 0
    if k == "INT":
        if d.lb is not None and d.ub is not None:
            r = e + cwn_bits(d.ub - d.lb + 1)
        else:
            r = e + 16
    elif k == "ENUM":
        r = e + bitlen(d.nroot - 1)
    elif k == "BOOL":
        r = 1
    elif k == "NULL":
        r = 0
    elif k in ("BITS", "OCTETS", "CHARS"):
        unit = 1 if k == "BITS" else 8
        r = e + (d.lb or 0) * unit
        if d.ub is None:
            r = e + 8 + (d.lb or 0) * unit
    elif k == "OPEN":
        r = 16
    elif k == "SEQ":
        r = e + sum(1 for m in d.members if m[2] and not m[3])
        r += sum(min_bits(m[1], memo) for m in d.members if not m[2] and not m[3])
    elif k == "SEQOF":
        r = e + (d.lb or 0) * min_bits(d.elem, memo)
        if d.ub is None or d.ub >= 65536:
            r += 8
    elif k == "CHOICE":
        roots = [min_bits(m[1], memo) for m in d.members if not m[3]]
        r = bitlen(d.nroot - 1) + (min(roots) if roots else 0)
        if d.ext:
            r = 1 + min(r, 7 + 16)
    elif k == "IECONT":
        r = 32 if d.mode == "single" else 16 + (d.lb or 0) * 32
    else:
        r = 0
    memo[d.cname] = (d, r)
    return r


# --------------------------------------------------------------------------
# C output

def c_comment(d):
    k = d.kind
    rng = ""
    if d.lb is not None or d.ub is not None:
        rng = f"{d.lb if d.lb is not None else 'MIN'}..{d.ub if d.ub is not None else 'MAX'}"
        if d.ext:
            rng += ",..."
    if k == "INT":
        return f"INTEGER ({rng})" if rng else "INTEGER"
    if k == "BITS":
        return f"BIT STRING (SIZE({rng}))" if rng else "BIT STRING"
    if k == "OCTETS":
        if d.containing is not None:
            return f"OCTET STRING (CONTAINING {d.containing.asn})"
        return f"OCTET STRING (SIZE({rng}))" if rng else "OCTET STRING"
    if k == "CHARS":
        return ("PrintableString", "VisibleString", "IA5String")[d.alpha - 1] + \
            (f" (SIZE({rng}))" if rng else "")
    if k == "IECONT":
        what = {"cont": "ProtocolIE-Container", "single": "ProtocolIE-SingleContainer",
                "extcont": "ProtocolExtensionContainer"}[d.mode]
        return f"{what} {{{{{d.asn}}}}}"
    return {"ENUM": "ENUMERATED", "SEQ": "SEQUENCE", "SEQOF": "SEQUENCE OF", "CHOICE": "CHOICE",
            "BOOL": "BOOLEAN", "OPEN": "open type"}.get(k, k)


def i64(v):
    if v == -(1 << 63):
        return "INT64_MIN"
    if not -(1 << 63) < v < (1 << 63):
        sys.exit(f"asn1gen: {v} does not fit a lower bound")
    return f"{v}LL"


def u64(v):
    if v < 0:
        return f"(uint64_t)({v}LL)"
    if v >= (1 << 64):
        sys.exit(f"asn1gen: {v} does not fit an upper bound")
    return f"{v}ULL"


def emit(gen, out_h, out_c, src_name):
    p = gen.p
    H = []
    C = []
    memo = {}
    named_by_desc = {id(d): n for n, d in gen.named.items()}

    def ref_comment(d):
        n = named_by_desc.get(id(d))
        if n and d.kind not in ("SEQ", "SEQOF", "CHOICE", "IECONT", "ENUM"):
            return f"{n}: {c_comment(d)}"
        return n or c_comment(d)

    H.append(f"/* Generated by lib/codec/ngap/gen/asn1gen.py from {src_name}. Do not edit. */")
    H.append("#ifndef NGCORE_CODEC_NGAP_GEN_H\n#define NGCORE_CODEC_NGAP_GEN_H\n")
    H.append("#include <stdbool.h>\n#include <stdint.h>\n")
    H.append('#include "lib/codec/ngap/aper.h"\n')

    H.append("/* Procedure codes (NGAP-Constants). */\nenum ngap_proc {")
    for n, v in sorted(gen.proc_ids.items(), key=lambda x: x[1]):
        H.append(f"\tNGAP_PROC_{cid(n[3:])} = {v},")
    H.append("};\n")
    H.append("/* Protocol IE ids (NGAP-Constants). */\nenum ngap_ie_id {")
    for n, v in sorted(gen.ie_ids.items(), key=lambda x: x[1]):
        H.append(f"\tNGAP_ID_{cid(n[3:])} = {v},")
    H.append("};\n")
    H.append("/* Upper bounds (NGAP-Constants). */\nenum {")
    for n, v in gen.consts.items():
        H.append(f"\tNGAP_{cid(n)} = {v},")
    H.append("};\n")

    # Messages
    H.append("/* Every message of every elementary procedure: selects ngap_pdu.u. */\nenum ngap_msg {")
    H.append("\tNGAP_MSG_NONE = 0,")
    for i, (code, di, crit, d, _) in enumerate(gen.procs, 1):
        H.append(f"\tNGAP_MSG_{d.cname} = {i},")
    H.append(f"\tNGAP_MSG__COUNT = {len(gen.procs) + 1},")
    H.append("};\n")

    # Enumerations and choice selectors
    for d in gen.all:
        if d.kind == "ENUM":
            H.append(f"/* {d.asn} ::= ENUMERATED (line {d.line}) */\nenum ngap_{d.cname} {{")
            for i, it in enumerate(d.items):
                extra = "  /* extension */" if i >= d.nroot else ""
                H.append(f"\tNGAP_{d.cname}_{cid(it)} = {i},{extra}")
            H.append("};")
    H.append("")
    for d in gen.all:
        if d.kind == "CHOICE":
            H.append(f"enum ngap_{d.cname}_pr {{\n\tNGAP_{d.cname}_PR_NOTHING = 0,")
            for i, m in enumerate(d.members, 1):
                H.append(f"\tNGAP_{d.cname}_PR_{cid(m[0])} = {i},")
            H.append("};")
    H.append("")

    # Structs: forward declarations, then definitions in dependency order.
    structs = {}
    for d in gen.all:
        s = d.ctype()
        if s and s.startswith("struct ngap_") and s not in ("struct ngap_bits", "struct ngap_octets"):
            if d.kind == "SEQ" and d.msgstruct:
                continue   # emitted by its container
            if s in structs and structs[s] is not d:
                sys.exit(f"asn1gen: two types map to {s}")
            structs[s] = d
    for s in structs:
        H.append(f"{s};")
    H.append("")

    def inline_deps(d):
        deps = []
        if d.kind == "SEQ":
            for _, m, opt, add in d.members:
                if not opt and not add:
                    deps.append(m)
        elif d.kind == "CHOICE":
            deps = [m[1] for m in d.members]
        elif d.kind == "IECONT":
            deps = [ie[4] for ie in d.ies if not ie[5]]
        return [x.ctype() for x in deps if x.ctype() and x.ctype() in structs]

    def member_decl(ctype, name, optional, comment):
        star = "*" if optional else ""
        return f"\t{ctype} {star}{name}; /* {comment} */"

    body = {}
    for s, d in structs.items():
        lines = []
        if d.kind in ("BITS", "OCTETS"):
            what = "bits" if d.kind == "BITS" else "octets"
            lines.append(f"/* {ref_comment(d)} */")
            lines.append(f"{s} {{")
            if not d.fixed:
                lines.append(f"\tuint32_t len; /* {what} used in buf */")
            lines.append(f"\tuint8_t buf[{d.cap}]; /* value, first {what[:-1]} in the high bit of buf[0] */"
                         if d.kind == "BITS" else f"\tuint8_t buf[{d.cap}]; /* value */")
            lines.append("};")
        elif d.kind == "SEQOF":
            lines.append(f"/* {d.asn} ::= SEQUENCE (SIZE({d.lb}..{d.ub if d.ub is not None else 'MAX'}"
                         f"{',...' if d.ext else ''})) OF {ref_comment(d.elem)} */")
            lines.append(f"{s} {{")
            lines.append(f"\tuint32_t n; /* number of items in v */")
            lines.append(f"\t{d.elem.ctype()} *v; /* items */")
            lines.append("};")
        elif d.kind == "SEQ":
            lines.append(f"/* {d.asn} ::= SEQUENCE (line {d.line}) */")
            lines.append(f"{s} {{")
            for name, m, opt, add in d.members:
                if m.ctype() is None:
                    continue
                cm = ref_comment(m) + (" (extension addition)" if add else "") + \
                    (" OPTIONAL" if opt else "")
                lines.append(member_decl(m.ctype(), cid(name), opt or add, cm))
            if len(lines) == 2:
                lines.append("\tuint8_t unused_; /* no components with storage */")
            lines.append("};")
        elif d.kind == "CHOICE":
            lines.append(f"/* {d.asn} ::= CHOICE (line {d.line}) */")
            lines.append(f"{s} {{")
            lines.append(f"\tenum ngap_{d.cname}_pr present; /* which alternative, 0 none */")
            alts = [(n, m) for n, m, _, _ in d.members if m.ctype() is not None]
            if alts:
                lines.append("\tunion {")
                for n, m in alts:
                    lines.append(f"\t" + member_decl(m.ctype(), cid(n), False, ref_comment(m)))
                lines.append("\t} u; /* the value of the alternative named by present */")
            lines.append("};")
        elif d.kind == "IECONT":
            what = {"cont": "ProtocolIE-Container", "single": "ProtocolIE-SingleContainer",
                    "extcont": "ProtocolExtensionContainer"}[d.mode]
            owner = [x for x in gen.all if x.kind == "SEQ" and x.msgstruct and x.members[0][1] is d]
            title = owner[0].asn if owner else d.asn
            lines.append(f"/* {title}: {what} {{{{{d.asn}}}}} — optional IEs are pointers */")
            lines.append(f"{s} {{")
            for member, idv, idname, crit, m, opt in d.ies:
                if m.ctype() is None:
                    continue
                cm = f"{idname} ({idv}) {('reject', 'ignore', 'notify')[crit]}: {ref_comment(m)}" + \
                    (" optional" if opt else "")
                lines.append(member_decl(m.ctype(), member, opt, cm))
            if len(lines) == 2:
                lines.append("\tuint8_t unused_; /* no IEs with storage */")
            lines.append("};")
        body[s] = lines

    done = set()
    visiting = set()

    def visit(s):
        if s in done:
            return
        if s in visiting:
            sys.exit(f"asn1gen: {s} contains itself")
        visiting.add(s)
        for dep in inline_deps(structs[s]):
            visit(dep)
        visiting.discard(s)
        done.add(s)
        H.extend(body[s])
        H.append("")

    for s in structs:
        visit(s)

    # PDU
    H.append("/* NGAP-PDU ::= CHOICE { initiatingMessage, successfulOutcome, unsuccessfulOutcome, ... }")
    H.append(" * with the message of the procedure (NGAP-ELEMENTARY-PROCEDURES) as value. */")
    H.append("struct ngap_pdu {")
    H.append("\tenum ngap_msg msg; /* which message: selects u (encode needs only this) */")
    H.append("\tuint8_t dir; /* 1 initiatingMessage, 2 successfulOutcome, 3 unsuccessfulOutcome */")
    H.append("\tuint8_t proc; /* procedureCode (enum ngap_proc) */")
    H.append("\tuint8_t crit; /* criticality: as received; the procedure's on encode */")
    H.append("\tunion {")
    for code, di, crit, d, pname in gen.procs:
        H.append(f"\t\tstruct ngap_{d.struct} {d.cname}; /* {pname} ({code}) "
                 f"{('', 'initiatingMessage', 'successfulOutcome', 'unsuccessfulOutcome')[di]} */")
    H.append("\t} u; /* the message named by msg */")
    H.append("};\n")
    H.append("_Static_assert(offsetof(struct ngap_pdu, dir) == offsetof(struct aper_pdu_hdr, dir), \"pdu header\");")
    H.append("_Static_assert(offsetof(struct ngap_pdu, crit) == offsetof(struct aper_pdu_hdr, crit), \"pdu header\");\n")

    H.append("/* Descriptors: one per ASN.1 type (and per anonymous inner type). */")
    for d in gen.all:
        H.append(f"extern const struct aper_type ngap_type_{d.cname};")
    H.append("extern const struct aper_type ngap_type_NGAP_PDU;")
    H.append("extern const struct aper_msg ngap_msgs[NGAP_MSG__COUNT];")
    H.append("\n#endif")

    # ---- C file
    C.append(f"/* Generated by lib/codec/ngap/gen/asn1gen.py from {src_name}. Do not edit. */")
    C.append("#include <stddef.h>\n")
    C.append('#include "lib/codec/ngap/ngap_gen.h"\n')
    seen_names = set()
    for d in gen.all:
        if d.cname in seen_names:
            sys.exit(f"asn1gen: duplicate descriptor name {d.cname}")
        seen_names.add(d.cname)

    def sref(d):
        return f"struct ngap_{d.struct}"

    for d in gen.all:
        k = d.kind
        f = []
        extra = []
        if d.ext:
            f.append("APER_F_EXT")
        if k == "INT":
            if d.signed:
                f.append("APER_F_SIGNED")
            if d.big:
                f.append("APER_F_BIG")
        if d.lb is not None:
            f.append("APER_F_LB")
        if d.ub is not None:
            f.append("APER_F_UB")
        if d.inline:
            f.append("APER_F_INLINE")
        if d.fixed:
            f.append("APER_F_FIXED")
        ct = d.ctype()
        size = f"sizeof({ct})" if ct else "0"
        if k == "SEQ" and d.msgstruct:
            size = f"sizeof({sref(d)})"
        fields = [f'.name = "{d.asn}"', f".kind = APER_{k}", f".flags = {'|'.join(f) or 0}",
                  f".size = {size}", f".min_bits = {min_bits(d, memo)}"]
        if d.lb is not None:
            fields.append(f".lb = {i64(d.lb)}")
        if d.ub is not None:
            fields.append(f".ub = {u64(d.ub)}")
        if k == "INT":
            if d.xlb is not None:
                fields.append(f".xlb = {i64(d.xlb)}")
            if d.xub is not None:
                fields.append(f".xub = {u64(d.xub)}")
        if k == "INT" and d.ranges:
            extra.append(f"static const int64_t ranges_{d.cname}[][2] = {{ " +
                         ", ".join(f"{{ {a}, {b} }}" for a, b in d.ranges) + " };")
            fields += [f".ranges = ranges_{d.cname}", f".n = {len(d.ranges)}"]
        if k == "CHARS":
            fields.append(f".alpha = {d.alpha}")
        if k in ("BITS", "OCTETS") and d.inline:
            fields.append(f".cap = {d.cap}")
            if not d.fixed:
                fields.append(f".buf_off = offsetof({ct}, buf)")
        if k == "OCTETS" and d.containing is not None:
            fields.append(f".contained = &ngap_type_{d.containing.cname}")
        if k == "ENUM":
            extra.append(f"static const char *const names_{d.cname}[] = {{ " +
                         ", ".join(f'"{x}"' for x in d.items) + " };")
            fields += [f".names = names_{d.cname}", f".n = {len(d.items)}", f".n_root = {d.nroot}"]
        if k == "SEQOF":
            fields.append(f".elem = &ngap_type_{d.elem.cname}")
        if k in ("SEQ", "CHOICE"):
            rows = []
            for name, m, opt, add in d.members:
                mf = []
                if opt or add:
                    mf.append("APER_M_OPT")
                if m.ctype() is None:
                    mf.append("APER_M_NOSTORE")
                    off = "0"
                elif k == "SEQ" and d.msgstruct:
                    off = "0"
                elif k == "CHOICE":
                    off = f"offsetof({sref(d)}, u.{cid(name)})"
                else:
                    off = f"offsetof({sref(d)}, {cid(name)})"
                rows.append(f'\t{{ "{name}", &ngap_type_{m.cname}, {off}, {"|".join(mf) or 0} }},')
            extra.append(f"static const struct aper_member members_{d.cname}[] = {{")
            extra += rows
            extra.append("};")
            fields += [f".members = members_{d.cname}", f".n = {len(d.members)}", f".n_root = {d.nroot}"]
            if k == "CHOICE" and d.struct:
                fields.append(f".sel_off = offsetof({sref(d)}, present)")
        if k == "IECONT":
            mode = {"cont": 0, "single": "APER_F_SINGLE", "extcont": "APER_F_EXTCONT"}[d.mode]
            if mode:
                fields[2] = f".flags = {'|'.join(f + [mode])}"
            rows = []
            for member, idv, idname, crit, m, opt in d.ies:
                mf = []
                if opt:
                    mf.append("APER_M_OPT")
                if m.ctype() is None:
                    mf.append("APER_M_NOSTORE")
                    off = "0"
                else:
                    off = f"offsetof({sref(d)}, {member})"
                rows.append(f'\t{{ "{member}", &ngap_type_{m.cname}, {off}, {idv}, {crit}, '
                            f'{"|".join(mf) or 0} }},')
            if rows:
                extra.append(f"static const struct aper_ie ies_{d.cname}[] = {{")
                extra += rows
                extra.append("};")
                fields.append(f".ies = ies_{d.cname}")
            fields.append(f".n = {len(d.ies)}")
            if d.ctype() is None:
                fields[3] = ".size = 0"
        C.extend(extra)
        C.append(f"const struct aper_type ngap_type_{d.cname} = {{ " + ", ".join(fields) + " };")
    C.append("")
    C.append("const struct aper_msg ngap_msgs[NGAP_MSG__COUNT] = {")
    C.append('\t[NGAP_MSG_NONE] = { 0 },')
    for code, di, crit, d, pname in gen.procs:
        C.append(f'\t[NGAP_MSG_{d.cname}] = {{ &ngap_type_{d.cname}, "{d.asn}", {di}, {code}, {crit} }},')
    C.append("};\n")
    C.append("static const uint16_t msg_index[3][256] = {")
    for di in (1, 2, 3):
        row = {code: i for i, (code, dd, _, _, _) in enumerate(gen.procs, 1) if dd == di}
        C.append("\t{ " + ", ".join(f"[{c}] = {v}" for c, v in sorted(row.items())) + " },")
    C.append("};\n")
    C.append("const struct aper_type ngap_type_NGAP_PDU = { .name = \"NGAP-PDU\", .kind = APER_PDU, "
             ".flags = APER_F_EXT, .size = sizeof(struct ngap_pdu), .msgs = ngap_msgs, "
             ".n = NGAP_MSG__COUNT, .msg_index = msg_index, .u_off = offsetof(struct ngap_pdu, u) };")

    with open(out_h, "w") as fh:
        fh.write("\n".join(H) + "\n")
    with open(out_c, "w") as fc:
        fc.write("\n".join(C) + "\n")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, out_h, out_c = sys.argv[1:]
    with open(src) as f:
        text = f.read()
    p = Parser(lex(text))
    p.parse()
    g = Gen(p)
    g.run()
    emit(g, out_h, out_c, src.split("/")[-1])


if __name__ == "__main__":
    main()
