#!/usr/bin/env python3
"""warc_check.py - independent checker for the WARC, CDXJ and WACZ files quire
writes (used by tests/cli/warc_*.sh). It splits records itself (zlib for the
gzip members), recomputes every block and payload digest, checks the record
rules of WARC/1.1 that quire promises, compares the CDXJ index with the
records and with `warcio cdx-index`, and checks WACZ packages (layout, STORED
archive, no zip extra fields, datapackage hashes, pages). Exit 1 on failure.

usage: warc_check.py [--warcio BIN] [--originals] [--expect N] FILE.warc[.gz] ...
       warc_check.py [--warcio BIN] [--expect N] --wacz FILE.wacz
"""
import base64, gzip, hashlib, json, os, re, struct, subprocess, sys, tempfile, zipfile, zlib
from urllib.parse import unquote, urlparse

errors = []


def fail(msg):
    errors.append(msg)
    if len(errors) < 30:
        print("FAIL:", msg, file=sys.stderr)


def split_members(data):
    """Yields (offset, length, bytes) of each gzip member."""
    off = 0
    while off < len(data):
        d = zlib.decompressobj(wbits=31)
        out = d.decompress(data[off:])
        out += d.flush()
        if not d.eof:
            fail("gzip member at %d is truncated" % off)
            return
        used = len(data) - off - len(d.unused_data)
        yield off, used, out
        off += used


def parse_record(buf, pos, where):
    """Parses one record at buf[pos:]; returns (record dict, end position)."""
    end = buf.find(b"\r\n\r\n", pos)
    if end < 0:
        fail("%s: no end of header" % where)
        return None, len(buf)
    head = buf[pos:end].decode("utf-8")
    lines = head.split("\r\n")
    if "\n" in head.replace("\r\n", ""):
        fail("%s: header line not ended by CRLF" % where)
    rec = {"version": lines[0], "fields": {}, "order": []}
    for ln in lines[1:]:
        k, sep, v = ln.partition(":")
        if not sep:
            fail("%s: bad header line %r" % (where, ln))
            continue
        key = k.lower()
        if key in rec["fields"] and key != "warc-concurrent-to":
            fail("%s: repeated field %s" % (where, k))
        rec["fields"][key] = v.strip()
    n = int(rec["fields"].get("content-length", "-1"))
    if n < 0:
        fail("%s: no Content-Length" % where)
        return None, len(buf)
    start = end + 4
    rec["block"] = buf[start:start + n]
    if len(rec["block"]) != n:
        fail("%s: block shorter than Content-Length" % where)
    if buf[start + n:start + n + 4] != b"\r\n\r\n":
        fail("%s: block not followed by CRLF CRLF" % where)
    return rec, start + n + 4


def records(path):
    data = open(path, "rb").read()
    out = []
    if path.endswith(".gz"):
        for off, length, raw in split_members(data):
            rec, end = parse_record(raw, 0, "%s@%d" % (path, off))
            if rec is None:
                continue
            if end != len(raw):
                fail("%s@%d: gzip member holds more than one record" % (path, off))
            rec["offset"], rec["length"] = off, length
            out.append(rec)
    else:
        pos = 0
        while pos < len(data):
            rec, end = parse_record(data, pos, "%s@%d" % (path, pos))
            if rec is None:
                break
            # plain files: the CRLF CRLF after a record is not part of its length (warcio)
            rec["offset"], rec["length"] = pos, end - pos - 4
            out.append(rec)
            pos = end
    return out


def labelled(algo_value, data):
    algo, _, value = algo_value.partition(":")
    algo = algo.lower().replace("-", "")
    if algo == "sha256":
        return hashlib.sha256(data).hexdigest() == value
    if algo == "sha1":
        return base64.b32encode(hashlib.sha1(data).digest()).decode() == value.upper()
    fail("unknown digest algorithm %s" % algo)
    return False


def http_payload(block):
    for sep in (b"\r\n\r\n", b"\n\n"):
        i = block.find(sep)
        if i >= 0:
            return block[i + len(sep):], block[:i].decode("latin-1")
    return None, None


DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")
UUID = re.compile(r"^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}>$")


def check_records(path, recs, originals):
    name = os.path.basename(path)
    if not recs or recs[0]["fields"].get("warc-type") != "warcinfo":
        fail("%s: the first record is not warcinfo" % name)
        return
    info = recs[0]
    if info["fields"].get("warc-filename") is None:
        fail("%s: warcinfo without WARC-Filename" % name)
    for key in ("software", "format", "conformsto", "ispartof", "description"):
        if not re.search(r"(?mi)^%s:" % key, info["block"].decode("utf-8")):
            fail("%s: warcinfo lacks %s" % (name, key))
    info_id = info["fields"].get("warc-record-id")
    ids = {}
    for r in recs:
        f = r["fields"]
        where = "%s@%d" % (name, r["offset"])
        ours = r["version"] == "WARC/1.1"
        for k in ("warc-record-id", "warc-date", "warc-type", "content-length"):
            if k not in f:
                fail("%s: missing %s" % (where, k))
        rid = f.get("warc-record-id", "")
        if ours and not UUID.match(rid):
            fail("%s: bad WARC-Record-ID %r" % (where, rid))
        if rid in ids:
            fail("%s: duplicate WARC-Record-ID %s" % (where, rid))
        ids[rid] = r
        if ours and not DATE.match(f.get("warc-date", "")):
            fail("%s: bad WARC-Date %r" % (where, f.get("warc-date")))
        t = f.get("warc-type")
        tu = f.get("warc-target-uri")
        if ours and tu is not None and (tu.startswith("<") or re.search(r"[\s<>\"\x80-\xff]", tu)):
            fail("%s: WARC-Target-URI not a plain RFC 3986 URI: %r" % (where, tu))
        if "warc-block-digest" in f and not labelled(f["warc-block-digest"], r["block"]):
            fail("%s: WARC-Block-Digest does not match" % where)
        if ours and "warc-block-digest" not in f:
            fail("%s: no WARC-Block-Digest" % where)
        if t in ("warcinfo", "metadata") and "warc-payload-digest" in f:
            fail("%s: payload digest on a %s record" % (where, t))
        if t in ("resource", "conversion"):
            r["payload"] = r["block"]
        elif t == "response":
            r["payload"], r["http"] = http_payload(r["block"])
        if "warc-payload-digest" in f and r.get("payload") is not None:
            if not labelled(f["warc-payload-digest"], r["payload"]):
                fail("%s: WARC-Payload-Digest does not match" % where)
        if ours and t in ("resource", "conversion") and "warc-payload-digest" not in f:
            fail("%s: no WARC-Payload-Digest on %s" % (where, t))
        if ours and t != "warcinfo" and f.get("warc-warcinfo-id") != info_id:
            fail("%s: WARC-Warcinfo-ID is not this file's warcinfo" % where)
        if ours and t != "warcinfo" and "content-type" not in f:
            fail("%s: no Content-Type" % where)
        if t == "resource" and originals:
            src = f.get("warc-source-uri", "")
            if not src.startswith("file:///"):
                fail("%s: WARC-Source-URI %r is not a file:/// URI" % (where, src))
            else:
                p = unquote(urlparse(src).path)
                want = open(p, "rb").read()
                if want[:2] == b"\x1f\x8b" and r["block"][:2] != b"\x1f\x8b":
                    want = gzip.decompress(want)  # .html.gz inputs are stored as the page they hold
                if want != r["block"]:
                    fail("%s: resource block differs from %s" % (where, p))
                else:
                    originals_checked[0] += 1
    for r in recs:
        f = r["fields"]
        if f.get("warc-type") in ("metadata", "conversion") and r["version"] == "WARC/1.1":
            ref = f.get("warc-refers-to")
            if ref not in ids or ids[ref]["fields"].get("warc-type") not in ("resource", "response"):
                fail("%s@%d: WARC-Refers-To %r names no original in the file" % (name, r["offset"], ref))
            elif f.get("warc-target-uri") != ids[ref]["fields"].get("warc-target-uri", "").strip("<>"):
                fail("%s@%d: target URI differs from the original's" % (name, r["offset"]))
            if f.get("warc-type") == "metadata":
                json.loads(r["block"].decode("utf-8"))


def cdxj_lines(text):
    out = []
    prev = None
    for ln in text.split(b"\n"):
        if not ln:
            continue
        if prev is not None and ln < prev:
            fail("CDXJ not sorted by bytes at %r" % ln[:80])
        prev = ln
        key, ts, js = ln.decode("utf-8").split(" ", 2)
        out.append((key, ts, json.loads(js)))
    return out


def check_cdxj(path, recs, lines, filename, warcio):
    byoff = {r["offset"]: r for r in recs}
    orig = [r for r in recs if r["fields"].get("warc-type") in ("resource", "response", "revisit")]
    if len(lines) != len(orig):
        fail("%s: %d CDXJ lines for %d original records" % (path, len(lines), len(orig)))
    for key, ts, j in lines:
        if len(ts) != 14 or not ts.isdigit():
            fail("CDXJ timestamp %r is not 14 digits" % ts)
        for k in ("url", "mime", "status", "digest", "length", "offset", "filename"):
            if k not in j:
                fail("CDXJ line lacks %s" % k)
        r = byoff.get(int(j["offset"]))
        if not r:
            fail("CDXJ offset %s is no record" % j["offset"])
            continue
        f = r["fields"]
        if int(j["length"]) != r["length"]:
            fail("CDXJ length %s != record length %d" % (j["length"], r["length"]))
        if j["url"] != f.get("warc-target-uri", "").strip("<>"):
            fail("CDXJ url %r != target %r" % (j["url"], f.get("warc-target-uri")))
        if re.sub(r"\D", "", f["warc-date"])[:14] != ts:
            fail("CDXJ timestamp %s != WARC-Date %s" % (ts, f["warc-date"]))
        if j["filename"] != filename:
            fail("CDXJ filename %r != %r" % (j["filename"], filename))
        pd = f.get("warc-payload-digest")
        if pd and j["digest"] != pd:
            fail("CDXJ digest %s != payload digest %s" % (j["digest"], pd))
        if not pd and not labelled(j["digest"], r.get("payload") or b""):
            fail("CDXJ digest does not match the payload")
    if warcio:
        idx = subprocess.run([warcio, "index", path], capture_output=True, text=True)
        if idx.returncode != 0 or idx.stderr.strip():
            fail("warcio index %s: rc %d %s" % (path, idx.returncode, idx.stderr[:300]))
        offs = [json.loads(x)["offset"] for x in idx.stdout.splitlines() if x.strip()]
        if offs != [r["offset"] for r in recs]:
            fail("warcio index sees records at %s, we split at %s" % (offs[:8], [r["offset"] for r in recs][:8]))
        cdx = subprocess.run([warcio, "cdx-index", path], capture_output=True, text=True)
        if cdx.returncode != 0:
            fail("warcio cdx-index %s: rc %d" % (path, cdx.returncode))
        theirs = {}
        for ln in cdx.stdout.splitlines():
            key, ts, js = ln.split(" ", 2)
            j = json.loads(js)
            theirs[int(j["offset"])] = (ts, j)
        for key, ts, j in lines:
            t = theirs.get(int(j["offset"]))
            if not t:
                fail("warcio cdx-index has no line at offset %s" % j["offset"])
            elif (t[0], t[1]["url"], str(t[1]["length"])) != (ts, j["url"], j["length"]):
                fail("warcio cdx-index disagrees at %s: %s vs %s" % (j["offset"], t, (ts, j)))
        ours = {int(j["offset"]) for _, _, j in lines}
        for off in theirs:
            if off not in ours and byoff[off]["fields"].get("warc-type") in ("resource", "response"):
                fail("warcio indexes an original at %d that our CDXJ lacks" % off)


def check_warc(path, warcio, originals, cdxj=None, filename=None):
    recs = records(path)
    check_records(path, recs, originals)
    if cdxj is None:
        stem = re.sub(r"\.warc(\.gz)?$", "", path)
        cdxj = open(stem + ".cdxj", "rb").read()
    lines = cdxj_lines(cdxj)
    check_cdxj(path, recs, lines, filename or os.path.basename(path), warcio)
    return recs, lines


def local_extra_len(raw, info):
    sig, = struct.unpack("<I", raw[info.header_offset:info.header_offset + 4])
    if sig != 0x04034B50:
        fail("%s: no local header" % info.filename)
    n, m = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
    return m


def check_wacz(path, warcio, expect):
    raw = open(path, "rb").read()
    z = zipfile.ZipFile(path)
    names = z.namelist()
    for i in z.infolist():
        if i.extra or local_extra_len(raw, i):
            fail("%s: zip entry %s has extra fields" % (path, i.filename))
        if i.filename.startswith("archive/") and i.compress_type != zipfile.ZIP_STORED:
            fail("%s: %s is not STORED" % (path, i.filename))
        if i.flag_bits & 8:
            fail("%s: %s uses a data descriptor" % (path, i.filename))
    for must in ("indexes/index.cdxj", "pages/pages.jsonl", "datapackage.json", "datapackage-digest.json"):
        if must not in names:
            fail("%s: no %s" % (path, must))
    dpb = z.read("datapackage.json")
    dp = json.loads(dpb)
    dd = json.loads(z.read("datapackage-digest.json"))
    if dd.get("path") != "datapackage.json" or dd.get("hash") != "sha256:" + hashlib.sha256(dpb).hexdigest():
        fail("datapackage-digest.json does not match datapackage.json")
    if dp.get("profile") != "data-package" or dp.get("wacz_version") != "1.1.1":
        fail("datapackage profile/version wrong")
    listed = set()
    for res in dp["resources"]:
        data = z.read(res["path"])
        listed.add(res["path"])
        if res["hash"] != "sha256:" + hashlib.sha256(data).hexdigest() or res["bytes"] != len(data):
            fail("datapackage hash/size wrong for %s" % res["path"])
        if not re.match(r"^[a-z0-9._/-]+$", res["name"]):
            fail("resource name %r is not a Frictionless name" % res["name"])
    for n in names:
        if n not in listed and n not in ("datapackage.json", "datapackage-digest.json"):
            fail("%s is not listed in datapackage.json" % n)
    warcs = [n for n in names if n.startswith("archive/")]
    if not warcs:
        fail("no WARC under archive/")
    index = z.read("indexes/index.cdxj")
    lines = cdxj_lines(index)
    with tempfile.TemporaryDirectory() as tmp:
        total = 0
        for w in warcs:
            p = os.path.join(tmp, os.path.basename(w))
            open(p, "wb").write(z.read(w))
            fn = w[len("archive/"):]
            mine = [l for l in lines if l[2]["filename"] == fn]
            recs = records(p)
            check_records(p, recs, False)
            check_cdxj(p, recs, mine, fn, warcio)
            total += len(mine)
        if total != len(lines):
            fail("CDXJ lines name WARCs that are not in archive/")
    pages = z.read("pages/pages.jsonl").decode("utf-8").splitlines()
    head = json.loads(pages[0])
    if head.get("format") != "json-pages-1.0" or head.get("id") != "pages":
        fail("pages.jsonl has no header line")
    keys = {(j["url"], ts) for _, ts, j in lines}
    for ln in pages[1:]:
        p = json.loads(ln)
        if not DATE.match(p.get("ts", "")) or "url" not in p or "text" not in p:
            fail("bad page line %r" % ln[:100])
        elif (p["url"], re.sub(r"\D", "", p["ts"])[:14]) not in keys:
            fail("page %s %s matches no CDXJ line" % (p["url"], p["ts"]))
    if expect is not None and len(pages) - 1 != expect:
        fail("pages.jsonl has %d pages, expected %d" % (len(pages) - 1, expect))
    return len(pages) - 1


originals_checked = [0]


def main(argv):
    warcio, originals, expect, wacz = None, False, None, False
    files = []
    it = iter(argv)
    for a in it:
        if a == "--warcio":
            warcio = next(it)
        elif a == "--originals":
            originals = True
        elif a == "--expect":
            expect = int(next(it))
        elif a == "--wacz":
            wacz = True
        else:
            files.append(a)
    summary = []
    for f in files:
        if wacz:
            n = check_wacz(f, warcio, expect)
            summary.append("%s: %d pages" % (os.path.basename(f), n))
        else:
            recs, lines = check_warc(f, warcio, originals)
            summary.append("%s: %d records, %d index lines" % (os.path.basename(f), len(recs), len(lines)))
    if not wacz and expect is not None:
        pass
    print("; ".join(summary) + ("; %d originals byte-identical" % originals_checked[0] if originals else ""))
    if errors:
        print("%d problems" % len(errors), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
