#!/usr/bin/env python3
"""Regenerates fuzz/seeds/ from the real content and the golden calculator cases.

content_pipeline seeds (see fuzz_targets/content_pipeline.rs for the layout):
  raw-*     flag byte 0x00, then a real policy document byte for byte;
  split-*   flag byte 0x01 | calculators << 1, then extra front matter NUL body NUL introduction;
  hostile-* hand-written hostile Markdown and front matter.
calc_json seeds: tests/golden/calc/*.case.json as they are.
"""
import os, re, shutil, sys

root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
seeds = os.path.join(root, "fuzz", "seeds")
CALCS = ["medical", "relocation", "education", "dibao"]

DOCS = [
    "daixian/health-136.md", "daixian/medical-insurance.md", "zhenba/health-poverty.md",
    "baoding/fuping-full-aid.md", "daixian/relocation-rewards.md", "daixian/relocation-caps.md",
    "daixian/dangerous-housing.md", "baoding/compulsory-aid.md", "baoding/senior-high-aid-2025.md",
    "baoding/dibao-standard.md", "baoding/dibao-taper.md", "baoding/tekun-support.md",
    "jingde/industry.md",
]

def split_doc(text):
    assert text.startswith("+++\n")
    front, body = text[4:].split("\n+++\n", 1)
    lines = front.split("\n")
    # Keep what the fixed front matter of the target does not set: tags and the parameters.
    keep, on = [], False
    for l in lines:
        if l.startswith("[") or l.startswith("tags") or l.startswith("expires") or l.startswith("doc_number") or l.startswith("hotline"):
            on = True
        if on and not re.match(r"^(title|category|issuer|effective|eligibility|how_to_apply|summary|source|status) *=", l):
            keep.append(l)
    calcs = 0
    for i, c in enumerate(CALCS):
        if f"params.{c}" in front:
            calcs |= 1 << i
    return "\n".join(keep), body, calcs

def write(target, name, data):
    d = os.path.join(seeds, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

shutil.rmtree(seeds, ignore_errors=True)
for rel in DOCS:
    text = open(os.path.join(root, "content", rel), encoding="utf-8").read()
    name = rel.replace("/", "-").removesuffix(".md")
    write("content_pipeline", f"raw-{name}", b"\x00" + text.encode())
    extra, body, calcs = split_doc(text)
    # Offer no calculator: one document alone rarely completes one, and an offered incomplete
    # calculator is (rightly) an error that would stop before the pages.
    write("content_pipeline", f"split-{name}", bytes([0x01]) + extra.encode() + b"\0" + body.encode() + b"\0" + "介绍。\n".encode())
    if name == "baoding-dibao-standard":
        write("content_pipeline", f"split-calc-{name}", bytes([0x01 | (calcs << 1)]) + extra.encode() + b"\0" + body.encode() + b"\0")

hostile_dir = os.path.join(root, "tests", "hostile", "seeds")
for f in sorted(os.listdir(hostile_dir)):
    write("content_pipeline", f"hostile-{f.removesuffix('.txt')}", open(os.path.join(hostile_dir, f), "rb").read().replace(b"<NUL>", b"\0"))

golden = os.path.join(root, "tests", "golden", "calc")
for f in sorted(os.listdir(golden)):
    if f.endswith(".case.json"):
        write("calc_json", f.removesuffix(".case.json"), open(os.path.join(golden, f), "rb").read())
print("seeds:", {t: len(os.listdir(os.path.join(seeds, t))) for t in os.listdir(seeds)})
