#!/usr/bin/env python3
"""warc_check.py - independent checker for the WARC, CDXJ and WACZ files quire
writes (used by tests/cli/warc_*.sh). It splits records itself (zlib for the
gzip members), recomputes every block and payload digest, checks the record
rules of WARC/1.1 that quire promises, compares the CDXJ index with the
records and with `warcio cdx-index`, and checks WACZ packages (layout, STORED
archive, no zip extra fields, datapackage hashes, pages). Exit 1 on failure.

usage: warc_check.py [OPTIONS] FILE.warc[.gz] ...      (rotated files: all of them)
       warc_check.py [OPTIONS] --wacz FILE.wacz
options:
  --warcio BIN          also compare with `warcio index` / `warcio cdx-index`
  --originals DIR       every source record (a resource a metadata record refers
                        to) is byte-identical to the file under DIR named by the
                        tail of its target URI's path; counted
  --same-records IN     every record of the WARC IN (header and block bytes)
                        appears unchanged in the output, in the same order
  --expect N            WARC: N metadata records (articles); WACZ: N pages
  --no-path P           P (an absolute path) must not appear in any record
                        field, CDXJ line, nor in the blocks quire writes
                        (warcinfo, metadata, conversions, pages.jsonl,
                        datapackage.json); repeatable. The working folder, DIR
                        and the checked files' folders are always forbidden in
                        record fields and CDXJ lines.

Checked always: warcinfo first; ids unique (across all the files); digests;
WARC/1.1 fields; Refers-To names an original (resource or response) with the
same target URI; a page (text/html resource with WARC-Concurrent-To) names a
source record in its file; one CDXJ line for each resource, response and
revisit and none for anything else, with the record's offset, length, URL,
date, digest, HTTP status and MIME type.
"""
import base64, gzip, hashlib, json, os, re, struct, subprocess, sys, tempfile, zipfile, zlib
from urllib.parse import unquote, urlparse

errors = []


def fail(msg):
    errors.append(msg)
    if len(errors) < 30:
        print("FAIL:", msg, file=sys.stderr)


def note(msg):
    print("note:", msg, file=sys.stderr)


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
    rec = {"version": lines[0], "fields": {}, "order": [], "head": buf[pos:end + 4]}
    for ln in lines[1:]:
        k, sep, v = ln.partition(":")
        if not sep:
            fail("%s: bad header line %r" % (where, ln))
            continue
        key = k.lower()
        if key in rec["fields"] and key != "warc-concurrent-to":
            fail("%s: repeated field %s" % (where, k))
        rec["fields"][key] = v.strip()
        if key == "warc-concurrent-to":
            rec.setdefault("concurrent", []).append(v.strip())
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


class Ctx:
    """What the checks share across files: the options and the tallies."""
    def __init__(self):
        self.warcio = None
        self.originals = None      # DIR
        self.tree = None           # [(rel path under DIR, absolute path)]
        self.same = None           # the IN file of --same-records
        self.input_keys = set()    # (head, block) of IN's records
        self.input_infos = set()   # WARC-Record-IDs of IN's warcinfo records
        self.expect = None
        self.nopath = []
        self.ids = {}              # WARC-Record-ID -> where, across all files
        self.sources = 0           # source records compared with DIR
        self.articles = 0          # metadata records
        self.made = {}             # (target URI, date) of quire's resources
        self.block_paths = []      # --no-path values: not in quire's blocks either


C = Ctx()


def target(f):
    return f.get("warc-target-uri", "").strip("<>")


def tree_of(d):
    out = []
    for top, dirs, files in os.walk(d):
        dirs.sort()
        for fn in sorted(files):
            full = os.path.join(top, fn)
            out.append((os.path.relpath(full, d).replace(os.sep, "/"), full))
    return out


def source_file(uri):
    """The file under --originals DIR that the source URI names: the one whose
    path relative to DIR shares the longest tail (whole path components) with
    the URI's path (a Jekyll site's posts are relative to the site, which may
    lie deeper than DIR; a loose file is relative to its own folder). Returns
    (best candidates, components matched)."""
    path = unquote(urlparse(uri).path)
    parts = [x for x in path.split("/") if x]
    best, score = [], 0
    for rel, full in C.tree:
        rp = rel.split("/")
        k = 0
        while k < len(rp) and k < len(parts) and rp[-1 - k] == parts[-1 - k]:
            k += 1
        if k == 0:
            continue
        if k > score:
            best, score = [full], k
        elif k == score:
            best.append(full)
    return best, score


def file_bytes(full, block):
    want = open(full, "rb").read()
    if want[:2] == b"\x1f\x8b" and block[:2] != b"\x1f\x8b":
        want = gzip.decompress(want)  # .html.gz inputs are stored as the page they hold
    return want


def forbidden():
    """Absolute paths of this machine that no output may name."""
    out = set(C.block_paths)
    cwd = os.getcwd()
    out.update([cwd, os.path.realpath(cwd)])
    if C.originals:
        out.update([os.path.abspath(C.originals), os.path.realpath(C.originals)])
        if os.path.isabs(C.originals):
            out.add(C.originals)  # as given (quire names paths as given: /a/../b)
    out = {x.rstrip("/") for x in out}
    # a path of one component (/tmp, /work) also names things that are not files
    return sorted(x for x in out if (len(x) > 1 and x.count("/") >= 2) or x in C.block_paths)


def check_paths(where, data, paths):
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    for pth in paths:
        i = data.find(pth)
        if i >= 0:
            fail("%s: names the local path %s (in %r)" % (where, pth, data[max(0, i - 30):i + len(pth) + 30]))
            return
    if "file:///" in data:
        for m in re.finditer(r"file:///[^\s\"'<>]*", data):
            u = unquote(m.group(0)[len("file://"):])
            if any(u == x or u.startswith(x + "/") for x in paths):
                fail("%s: names the local file %s" % (where, m.group(0)))
                return


def check_records(path, recs, paths):
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
    infos = {r["fields"].get("warc-record-id") for r in recs if r["fields"].get("warc-type") == "warcinfo"}
    ids = {}
    for r in recs:
        f = r["fields"]
        where = "%s@%d" % (name, r["offset"])
        ours = r["version"] == "WARC/1.1"
        copied = (r["head"], r["block"]) in C.input_keys
        r["copied"] = copied
        for k in ("warc-record-id", "warc-date", "warc-type", "content-length"):
            if k not in f:
                fail("%s: missing %s" % (where, k))
        rid = f.get("warc-record-id", "")
        if ours and not UUID.match(rid):
            fail("%s: bad WARC-Record-ID %r" % (where, rid))
        if rid in C.ids:
            fail("%s: duplicate WARC-Record-ID %s (also at %s)" % (where, rid, C.ids[rid]))
        C.ids[rid] = where
        ids[rid] = r
        if ours and not DATE.match(f.get("warc-date", "")):
            fail("%s: bad WARC-Date %r" % (where, f.get("warc-date")))
        t = f.get("warc-type")
        tu = f.get("warc-target-uri")
        if ours and tu is not None and (tu.startswith("<") or re.search(r"[\s<>\"\x80-\xff]", tu)):
            fail("%s: WARC-Target-URI not a plain RFC 3986 URI: %r" % (where, tu))
        if "warc-block-digest" in f and not labelled(f["warc-block-digest"], r["block"]):
            if copied or (not ours and "warc-truncated" in f):
                # an input's record kept as it came (wget's revisits carry the
                # digest of the whole response they stand for)
                note("%s: WARC-Block-Digest does not match (%s record as the input has it)" % (where, t))
            else:
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
        if ours and t != "warcinfo":
            wi = f.get("warc-warcinfo-id")
            # quire's own records name this file's warcinfo; records copied
            # from a WARC of quire's keep the warcinfo they named there
            if not (wi == info_id or (copied and (wi in infos or wi in C.input_infos))
                    or (C.same is None and wi in infos)):
                fail("%s: WARC-Warcinfo-ID %s is not this file's warcinfo" % (where, wi))
        if ours and t != "warcinfo" and "content-type" not in f:
            fail("%s: no Content-Type" % where)
        check_paths(where + " header", r["head"], paths)
        if ours and t in ("warcinfo", "metadata", "conversion"):
            check_paths("%s %s block" % (where, t), r["block"], C.block_paths)
    # two records quire made at one URI and instant are one capture to a
    # replay tool: it can serve only one of them
    made = {}
    for r in recs:
        f = r["fields"]
        if f.get("warc-type") == "resource" and r["version"] == "WARC/1.1" and not r["copied"]:
            key = (target(f), f.get("warc-date"))
            other = made.get(key) or C.made.get(key)
            if other is not None and other[0] != r["block"]:
                fail("%s@%d: another resource (at %s) has the same target URI %s and date %s"
                     % (name, r["offset"], other[1], key[0], key[1]))
            made[key] = C.made[key] = (r["block"], "%s@%d" % (name, r["offset"]))
    sources = {}
    for r in recs:
        f = r["fields"]
        t = f.get("warc-type")
        where = "%s@%d" % (name, r["offset"])
        if t in ("metadata", "conversion") and r["version"] == "WARC/1.1":
            ref = f.get("warc-refers-to")
            if ref not in ids or ids[ref]["fields"].get("warc-type") not in ("resource", "response"):
                fail("%s: WARC-Refers-To %r names no original in the file" % (where, ref))
            elif target(f) != target(ids[ref]["fields"]):
                fail("%s: target URI differs from the original's" % where)
            elif ids[ref]["offset"] > r["offset"]:
                fail("%s: %s record before its original" % (where, t))
            if t == "metadata":
                C.articles += 1
                try:
                    json.loads(r["block"].decode("utf-8"))
                except ValueError as e:
                    fail("%s: metadata block is not JSON: %s" % (where, e))
                if ref in ids and ids[ref]["fields"].get("warc-type") == "resource":
                    sources[ref] = ids[ref]
    for r in recs:
        f = r["fields"]
        where = "%s@%d" % (name, r["offset"])
        if f.get("warc-type") == "resource" and "concurrent" in r and \
                f.get("content-type", "").split(";")[0].strip().lower() == "text/html":
            for c in r["concurrent"]:
                if c not in sources:
                    fail("%s: page's WARC-Concurrent-To %s names no source record in the file" % (where, c))
                elif target(f) == target(sources[c]["fields"]):
                    fail("%s: page and source share the target URI %s" % (where, target(f)))
    if C.originals:
        for rid, r in sources.items():
            where = "%s@%d" % (name, r["offset"])
            uri = target(r["fields"])
            best, score = source_file(uri)
            if not best:
                fail("%s: source %s names no file under %s" % (where, uri, C.originals))
            elif not any(file_bytes(x, r["block"]) == r["block"] for x in best):
                fail("%s: source %s differs from %s" % (where, uri, " / ".join(best)))
            else:
                C.sources += 1


def check_same(outs):
    """--same-records: IN's records, header and block bytes, are a subsequence
    of the outputs' records (the files in the order given)."""
    mine = records(C.same)
    got = [(r["head"], r["block"]) for rs in outs for r in rs]
    i = 0
    for k, r in enumerate(mine):
        key = (r["head"], r["block"])
        while i < len(got) and got[i] != key:
            i += 1
        if i == len(got):
            rid = r["fields"].get("warc-record-id")
            how = ("out of order" if key in set(got) else
                   "its header is there, its block differs" if any(g[0] == key[0] for g in got) else
                   "no record with its bytes")
            fail("--same-records: record %d of %s (%s %s %s) missing from the output: %s"
                 % (k, os.path.basename(C.same), r["fields"].get("warc-type"), rid,
                    target(r["fields"]), how))
            return len(mine)
        i += 1
    return len(mine)


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


INDEXED = ("resource", "response", "revisit")


def http_status_mime(r):
    """(status, MIME type) of a response's (or revisit's) HTTP header, or None."""
    head = r.get("http")
    if head is None and r["fields"].get("warc-type") == "revisit":
        _, head = http_payload(r["block"])
    if not head:
        return None, None
    lines = head.split("\n")
    m = re.match(r"HTTP/\d(?:\.\d)? (\d{3})", lines[0])
    mime = None
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        if k.strip().lower() == "content-type":
            mime = v.split(";")[0].strip().lower()
    return (m.group(1) if m else None), mime


def check_cdxj(path, recs, lines, filename, paths):
    warcio = C.warcio
    byoff = {r["offset"]: r for r in recs}
    want = {r["offset"] for r in recs if r["fields"].get("warc-type") in INDEXED}
    seen = {}
    for key, ts, j in lines:
        check_paths("CDXJ line %s" % key[:60], " ".join([key, ts, json.dumps(j, ensure_ascii=False)]), paths)
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
        t = f.get("warc-type")
        where = "CDXJ line at %s (%s %s)" % (j["offset"], t, target(f))
        if r["offset"] in seen:
            fail("%s: a second line for the record" % where)
        seen[r["offset"]] = True
        if t not in INDEXED:
            fail("%s: a %s record is indexed" % (where, t))
        if int(j["length"]) != r["length"]:
            fail("%s: length %s != record length %d" % (where, j["length"], r["length"]))
        if j["url"] != target(f):
            fail("%s: url %r != target %r" % (where, j["url"], f.get("warc-target-uri")))
        if re.sub(r"\D", "", f["warc-date"])[:14] != ts:
            fail("%s: timestamp %s != WARC-Date %s" % (where, ts, f["warc-date"]))
        if j["filename"] != filename:
            fail("%s: filename %r != %r" % (where, j["filename"], filename))
        pd = f.get("warc-payload-digest")
        if pd and j["digest"] != pd:
            fail("%s: digest %s != payload digest %s" % (where, j["digest"], pd))
        if not pd and t != "revisit" and not labelled(j["digest"], r.get("payload") or b""):
            fail("%s: digest does not match the payload" % where)
        if t == "revisit":
            if j["mime"] != "warc/revisit":
                fail("%s: mime %r, not warc/revisit" % (where, j["mime"]))
            st, _ = http_status_mime(r)
            if st and j["status"] != st:
                fail("%s: status %s != HTTP status %s" % (where, j["status"], st))
        elif t == "response":
            st, mime = http_status_mime(r)
            if st is None:
                fail("%s: response without an HTTP status line" % where)
            elif j["status"] != st:
                fail("%s: status %s != HTTP status %s" % (where, j["status"], st))
            if mime and j["mime"].lower() != mime:
                fail("%s: mime %r != HTTP Content-Type %r" % (where, j["mime"], mime))
        elif t == "resource":
            ct = f.get("content-type", "").split(";")[0].strip().lower()
            if ct and j["mime"].lower() != ct:
                fail("%s: mime %r != Content-Type %r" % (where, j["mime"], ct))
    for off in sorted(want - set(seen)):
        f = byoff[off]["fields"]
        fail("%s: no CDXJ line for the %s record at %d (%s)" % (path, f.get("warc-type"), off, target(f)))
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
            elif "status" in t[1] and str(t[1]["status"]) != j["status"] and \
                    byoff[int(j["offset"])]["fields"].get("warc-type") == "response":
                fail("warcio cdx-index status %s != %s at %s" % (t[1]["status"], j["status"], j["offset"]))
        ours = {int(j["offset"]) for _, _, j in lines}
        for off in theirs:
            if off not in ours and byoff[off]["fields"].get("warc-type") in INDEXED:
                fail("warcio indexes a %s record at %d that our CDXJ lacks"
                     % (byoff[off]["fields"].get("warc-type"), off))


def check_warc(path, paths, cdxj=None, filename=None):
    recs = records(path)
    check_records(path, recs, paths)
    if cdxj is None:
        stem = re.sub(r"\.warc(\.gz)?$", "", path)
        try:
            cdxj = open(stem + ".cdxj", "rb").read()
        except OSError as e:
            fail("%s: no CDXJ index beside it (%s)" % (path, e.strerror))
            cdxj = b""
    lines = cdxj_lines(cdxj)
    check_cdxj(path, recs, lines, filename or os.path.basename(path), paths)
    return recs, lines


def local_extra_len(raw, info):
    sig, = struct.unpack("<I", raw[info.header_offset:info.header_offset + 4])
    if sig != 0x04034B50:
        fail("%s: no local header" % info.filename)
    n, m = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
    return m


def check_wacz(path, paths):
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
    for n in ("datapackage.json", "pages/pages.jsonl"):
        if n in names:
            check_paths("%s %s" % (os.path.basename(path), n), z.read(n), C.block_paths)
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
    outs = []
    with tempfile.TemporaryDirectory() as tmp:
        total = 0
        for w in warcs:
            p = os.path.join(tmp, os.path.basename(w))
            open(p, "wb").write(z.read(w))
            fn = w[len("archive/"):]
            mine = [l for l in lines if l[2]["filename"] == fn]
            recs = records(p)
            check_records(p, recs, paths)
            check_cdxj(p, recs, mine, fn, paths)
            outs.append(recs)
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
    if C.expect is not None and len(pages) - 1 != C.expect:
        fail("pages.jsonl has %d pages, expected %d" % (len(pages) - 1, C.expect))
    return len(pages) - 1, outs


def main(argv):
    wacz = False
    files = []
    it = iter(argv)
    try:
        for a in it:
            if a == "--warcio":
                C.warcio = next(it)
            elif a == "--originals":
                C.originals = next(it)
            elif a == "--same-records":
                C.same = next(it)
            elif a == "--expect":
                C.expect = int(next(it))
            elif a == "--no-path":
                C.nopath.append(next(it).rstrip("/"))
            elif a == "--wacz":
                wacz = True
            elif a.startswith("--"):
                raise StopIteration
            else:
                files.append(a)
    except StopIteration:
        print(__doc__, file=sys.stderr)
        return 2
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    if C.originals:
        if not os.path.isdir(C.originals):
            print("--originals %s: not a folder" % C.originals, file=sys.stderr)
            return 2
        C.tree = tree_of(C.originals)
    if C.same:
        for r in records(C.same):
            C.input_keys.add((r["head"], r["block"]))
            if r["fields"].get("warc-type") == "warcinfo":
                C.input_infos.add(r["fields"].get("warc-record-id"))
    C.block_paths = sorted({x for p in C.nopath for x in (p, os.path.realpath(p)) if len(x) > 1})
    paths = forbidden()
    for f in files:
        d = os.path.dirname(os.path.abspath(f))
        paths += [x for x in {d, os.path.realpath(d)} if x.count("/") >= 2 and x not in paths]
    summary = []
    outs = []
    for f in files:
        if wacz:
            n, o = check_wacz(f, paths)
            outs += o
            summary.append("%s: %d pages" % (os.path.basename(f), n))
        else:
            recs, lines = check_warc(f, paths)
            outs.append(recs)
            summary.append("%s: %d records, %d index lines" % (os.path.basename(f), len(recs), len(lines)))
    summary.append("%d articles" % C.articles)
    if not wacz and C.expect is not None and C.articles != C.expect:
        fail("%d metadata records (articles), expected %d" % (C.articles, C.expect))
    if C.originals:
        summary.append("%d sources byte-identical to files under %s" % (C.sources, C.originals))
    if C.same:
        n = check_same(outs)
        summary.append("%d records of %s kept" % (n, os.path.basename(C.same)))
    print("; ".join(summary))
    if errors:
        print("%d problems" % len(errors), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
