"""Bad inputs made deterministically from the corpus, and `dtiplan run` over them.

    python scripts/fuzz.py                       # 1,040 inputs into a temporary folder, then the run
    python scripts/fuzz.py --count 100 --keep fuzz-inputs
    python scripts/fuzz.py --inputs DIR          # the same checks over bad files from elsewhere

Kinds: empty files, random bytes, format magic followed by noise, truncations, bit flips,
splices of two formats, right content under a wrong extension, UTF-16/UTF-32/cp1258/latin-1
text, NUL bytes, megabyte single lines (one of 10 MB), deeply nested HTML, zip bombs, DOCX
with a damaged zip directory or broken XML, encrypted and image-only PDFs, a PDF claiming
thousands of pages. The same --seed gives the same bytes.

The run passes when every input is accounted for in the summary line, no traceback is
printed, no file hits the time limit (a hang), every failed file has exactly one error line,
and the exit status is 1 (some inputs are bound to fail) or 0 when none did.
"""
from __future__ import annotations

import argparse
import io
import random
import re
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PDF_FIXTURES = ROOT / "tests" / "data" / "readers"
SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".md")
ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed, so a generated DOCX is the same bytes every time
SUMMARY = re.compile(r"(\d+) documents: (\d+) written, (\d+) unchanged, (\d+) failed")


@dataclass(frozen=True)
class BadInput:
    name: str
    kind: str
    data: bytes


# ---------------------------------------------------------------- well-formed bases to damage

def minimal_docx(lines: list[str], rows: list[list[str]]) -> bytes:
    """A DOCX with one paragraph per line and one table, built by hand with fixed zip dates."""
    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    paragraphs = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{esc(t)}</w:t></w:r></w:p>" for t in lines)
    cells = lambda row: "".join(f"<w:tc><w:p><w:r><w:t>{esc(c)}</w:t></w:r></w:p></w:tc>" for c in row)  # noqa: E731
    table = "<w:tbl>" + "".join(f"<w:tr>{cells(r)}</w:tr>" for r in rows) + "</w:tbl>"
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>'
                             f'{paragraphs}{table}</w:body></w:document>',
    }
    return _zip(parts)


def _zip(parts: dict[str, str | bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), content, compress_type=method)
    return buffer.getvalue()


def minimal_pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (1 0 obj is the catalog) with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def image_only_pdf() -> bytes:
    """One page that draws a small grey image and no text: a scan to the reader."""
    pixels = zlib.compress(bytes(range(64)) * 64)
    image = (b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
             b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream")
    content = b"q 400 0 0 400 100 300 cm /Im0 Do Q"
    return minimal_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        image,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ])


def many_pages_pdf(pages: int) -> bytes:
    """A PDF whose page tree lists `pages` empty pages."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    return minimal_pdf(objects)


def bases(whole: bool = True) -> dict[str, list[bytes]]:
    """Well-formed documents of each format, small (cut from the corpus) so that the ones
    that survive damage are quick to read, plus (`whole`) one whole corpus file per format."""
    seed = sorted(CORPUS.glob("*.txt"))[-1].read_text(encoding="utf-8")
    lines = [line for line in seed.splitlines() if line.strip()]
    short = "\n".join(lines[:60])
    table = [[cell.strip() for cell in line.split("|")][:4] for line in lines if line.count("|") >= 3][:12] or [["1", "a"]]
    html = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
            + "".join(f"<p>{line}</p>" for line in lines[:60]) + "<table>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in table)
            + "</table></body></html>")
    small = {
        ".txt": [short.encode()],
        ".md": [short.encode()],
        ".html": [html.encode()],
        ".docx": [minimal_docx(lines[:60], table)],
        ".pdf": [(PDF_FIXTURES / name).read_bytes() for name in ("three_pages.pdf", "merged.pdf", "borderless.pdf")],
    }
    if whole:
        for suffix in (".txt", ".docx", ".pdf"):
            small[suffix].append(sorted(CORPUS.glob(f"*{suffix}"))[-1].read_bytes())
    return small


# ---------------------------------------------------------------- the kinds of damage

def empty(rng, base):
    return rng.choice(SUFFIXES), b""


def random_bytes(rng, base):
    return rng.choice(SUFFIXES), rng.randbytes(rng.choice([1, 7, 100, 4096, 65536]))


def magic_noise(rng, base):
    magic, suffix = rng.choice([(b"%PDF-1.7\n", ".pdf"), (b"PK\x03\x04", ".docx"), (b"<html><body>", ".html"),
                                (b"\xef\xbb\xbf", ".txt"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".docx")])
    return suffix, magic + rng.randbytes(rng.randrange(1, 20000))


def truncation(rng, base):
    suffix, data = _pick(rng, base)
    return suffix, data[:rng.randrange(1, len(data))]


def bit_flips(rng, base):
    suffix, data = _pick(rng, base)
    data = bytearray(data)
    for _ in range(rng.choice([1, 2, 4, 16, 64])):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return suffix, bytes(data)


def splice(rng, base):
    (suffix, first), (_, second) = _pick(rng, base), _pick(rng, base)
    return suffix, first[:rng.randrange(1, len(first))] + second[rng.randrange(len(second)):]


def wrong_extension(rng, base):
    suffix, data = _pick(rng, base)
    return rng.choice([s for s in SUFFIXES if s != suffix] + [".htm"]), data


def encoded_text(rng, base):
    text = base[".txt"][0].decode("utf-8")
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1258", "latin-1", "cp1252", "shift_jis"])
    return rng.choice([".txt", ".html", ".md"]), text.encode(encoding, errors="replace")


def nul_bytes(rng, base):
    suffix, data = _pick(rng, base)
    data = bytearray(data)
    for _ in range(rng.randrange(1, 50)):
        data.insert(rng.randrange(len(data) + 1), 0)
    return suffix, bytes(data)


def long_line(rng, base):
    """A plan saved without line breaks, repeated to megabytes."""
    one = base[".txt"][-1].decode("utf-8").replace("\n", " ").encode()
    size = rng.choice([1, 2, 4]) * 2**20
    return ".txt", (one * (size // len(one) + 1))[:size]


def nested_html(rng, base):
    depth = rng.choice([1000, 10_000, 100_000])
    tag = rng.choice(["div", "table", "b", "span"])
    return ".html", b"<html><body>" + f"<{tag}>".encode() * depth + b"x" + f"</{tag}>".encode() * depth + b"</body></html>"


def zip_bomb(rng, base):
    """A DOCX whose document.xml inflates to hundreds of MB (deflate gives about 1000:1)."""
    size = rng.choice([300, 600]) * 2**20
    return ".docx", _bomb(size)


def _bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    chunk = b" " * 2**20
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", ZIP_DATE), "<Types/>")
        document = zipfile.ZipInfo("word/document.xml", ZIP_DATE)
        document.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(document, "w", force_zip64=True) as member:
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def zip_version(rng, base):
    """A DOCX whose central directory asks for a zip version zipfile does not implement."""
    data = bytearray(base[".docx"][0])
    at = data.rfind(b"PK\x01\x02")  # the last central directory entry; +6 is "version needed"
    data[at + 6] = rng.choice([0x40, 0x80, 0xff])  # zipfile implements up to 63 (6.3)
    return ".docx", bytes(data)


def broken_xml(rng, base):
    lines = base[".txt"][0].decode("utf-8").splitlines()[:20]
    docx = minimal_docx(lines, [["1", "2"]])
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    xml = parts["word/document.xml"]
    parts["word/document.xml"] = xml[:rng.randrange(len(xml))] + rng.choice([b"", b"<w:p><", b"&bad;", b"\x00"])
    return ".docx", _zip(parts)


def encrypted_pdf(rng, base):
    data = (PDF_FIXTURES / "encrypted.pdf").read_bytes()
    return rng.choice([".pdf", ".docx"]), data


def image_pdf(rng, base):
    return ".pdf", image_only_pdf()


def many_pages(rng, base):
    return ".pdf", many_pages_pdf(rng.choice([3500, 5000]))


def _pick(rng, base) -> tuple[str, bytes]:
    suffix = rng.choice(sorted(base))
    return suffix, rng.choice(base[suffix])


# (kind, how many in 1,040) - the mix the script makes; --count scales it.
KINDS = [
    (empty, 10), (random_bytes, 80), (magic_noise, 100), (truncation, 220), (bit_flips, 300),
    (splice, 100), (wrong_extension, 40), (encoded_text, 60), (nul_bytes, 50), (long_line, 3),
    (nested_html, 9), (zip_bomb, 2), (zip_version, 20), (broken_xml, 30), (encrypted_pdf, 4),
    (image_pdf, 4), (many_pages, 2),
]
SLOW_KINDS = {"zip_bomb", "long_line"}  # seconds each to make or to read
TEN_MB_LINE = 10 * 2**20


def bad_inputs(count: int = 1040, seed: int = 0, quick: bool = False) -> list[BadInput]:
    """`count` bad inputs in the KINDS mix (each kind at least once), the same for the same
    arguments; the full set adds one 10 MB single-line text. `quick` (the test suite's): only
    small bases, none of the SLOW_KINDS."""
    rng = random.Random(seed)
    base = bases(whole=not quick)
    kinds = [(make, share) for make, share in KINDS if not (quick and make.__name__ in SLOW_KINDS)]
    scale = count / sum(n for _, n in kinds)
    out: list[BadInput] = []
    for make, share in kinds:
        for _ in range(max(1, round(share * scale))):
            suffix, data = make(rng, base)
            out.append(BadInput(f"{len(out):04d}_{make.__name__}{suffix}", make.__name__, data))
    if count >= 1000 and not quick:
        one = base[".txt"][-1].decode("utf-8").replace("\n", " ").encode()
        out.append(BadInput(f"{len(out):04d}_ten_mb_line.txt", "ten_mb_line", (one * (TEN_MB_LINE // len(one) + 1))[:TEN_MB_LINE]))
    return out


def write_inputs(inputs: list[BadInput], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for item in inputs:
        (folder / item.name).write_bytes(item.data)


# ---------------------------------------------------------------- the run and its checks

@dataclass
class RunCheck:
    files: int
    summary: tuple[int, int, int, int] | None   # total, written, unchanged, failed
    error_lines: Counter                         # file -> error lines naming it
    problems_seen: Counter                       # the problem's words before any detail in brackets
    internal: list[str]                          # error lines of unexpected failures (bugs to fix)
    tracebacks: int
    hangs: int
    exit_status: int
    seconds: float

    def problems(self) -> list[str]:
        found = []
        if self.summary is None:
            return ["no summary line"]
        total, written, unchanged, failed = self.summary
        if total != self.files or written + unchanged + failed != total:
            found.append(f"summary {self.summary} does not account for {self.files} files")
        if failed != sum(self.error_lines.values()) or any(n > 1 for n in self.error_lines.values()):
            found.append(f"{failed} failed but {sum(self.error_lines.values())} error lines "
                         f"({sum(n > 1 for n in self.error_lines.values())} files named twice)")
        if self.tracebacks:
            found.append(f"{self.tracebacks} tracebacks")
        if self.hangs:
            found.append(f"{self.hangs} files hit the time limit")
        if self.exit_status != (1 if failed else 0):
            found.append(f"exit status {self.exit_status}")
        return found


def run_dtiplan(folder: Path, out: Path, jobs: int | None = None, timeout: float = 300.0) -> RunCheck:
    """`dtiplan run folder --out out` in a child process; its stderr read for the checks."""
    import time
    command = [sys.executable, "-c", "from dtiplan.cli import main; main()", "run", str(folder), "--out", str(out),
               "--timeout", str(timeout)] + (["--jobs", str(jobs)] if jobs else [])
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    seconds = time.monotonic() - started
    lines = [m for m in re.finditer(r"^error: (.+?): ([^(\n]*)", done.stderr, re.MULTILINE)]
    errors = Counter(m.group(1) for m in lines)
    summary = SUMMARY.search(done.stderr)
    return RunCheck(
        files=sum(1 for p in folder.iterdir() if p.is_file()),
        summary=tuple(int(g) for g in summary.groups()) if summary else None,
        error_lines=errors,
        problems_seen=Counter(re.sub(r"\d[\d,.]*", "N", m.group(2).strip()) for m in lines),
        internal=[m.group(0) for m in re.finditer(r"^error: .*internal error.*$", done.stderr, re.MULTILINE)],
        tracebacks=done.stderr.count("Traceback") + done.stdout.count("Traceback"),
        hangs=done.stderr.count("time limit"),
        exit_status=done.returncode,
        seconds=seconds,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1040)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the inputs here (kept) instead of a temporary folder")
    parser.add_argument("--inputs", type=Path, help="run over this folder of bad files instead of generating")
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dtiplan-fuzz-") as temp:
        folder = args.inputs or args.keep or Path(temp) / "in"
        if not args.inputs:
            inputs = bad_inputs(args.count, args.seed)
            write_inputs(inputs, folder)
            print("generated:", ", ".join(f"{k} {n}" for k, n in Counter(i.kind for i in inputs).items()))
        check = run_dtiplan(folder, Path(temp) / "out", args.jobs, args.timeout)
    total, written, unchanged, failed = check.summary or (0, 0, 0, 0)
    print(f"files {check.files}  written {written}  failed {failed}  error lines {sum(check.error_lines.values())}  "
          f"tracebacks {check.tracebacks}  hangs {check.hangs}  exit {check.exit_status}  {check.seconds:.0f} s")
    for problem, count in check.problems_seen.most_common():
        print(f"{count:6d}  {problem}")
    for line in check.internal:
        print(line)
    problems = check.problems()
    print("fuzz: " + ("ok" if not problems else "; ".join(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
