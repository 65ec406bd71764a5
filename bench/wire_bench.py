#!/usr/bin/env python3
"""Reading agency formats, side by side with the HTML path: CPU per MB of input.

In one run: builds `copydesk-clean-bench` in release mode, writes the same news stories as NITF,
NewsML-G2 (one item a file, and news messages of five items), ninjs, IPTC 7901, ANPA-1312 and
e-mail into a temporary folder, and times reading every file of each format the way `copydesk run`
reads it (intake: decoding, recognising the format, unpacking; then the clean stage) beside the AEB
pages through the HTML path (parse, metadata, article extraction), with the bytes in memory. One
process reads every format in each round, the order alternating, and each one's least CPU counts.

The stories are the AEB gold article bodies (`../shared/eval/extraction/aeb/gold`), read in place
for this measurement and written only to a temporary folder. Each format is written twice:
- lean: the body and a few metadata fields, the least markup per byte of text (the hardest case
  per MB, since text costs more to clean than markup costs to parse);
- typical: the envelope modelled on the IPTC's own examples (NewsML-G2 listings 2 and 22, NITF
  3.6's docdata, identified content and body head), which agency files carry around every story.

Usage: bench/wire_bench.py [--skip-build] [--rounds 7] [--copies 4]
"""
import argparse, base64, json, os, quopri, shutil, subprocess, sys, tempfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
AEB = os.path.join(SHARED, "eval", "extraction", "aeb")


def stories():
    gold = os.path.join(AEB, "gold")
    for name in sorted(os.listdir(gold)):
        body = json.load(open(os.path.join(gold, name), encoding="utf-8")).get("articleBody") or ""
        paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
        if len(paragraphs) >= 2:
            yield name[:-5], paragraphs[0][:120], paragraphs


NITF_HEAD = """<tobject tobject.type="news">
  <tobject.property tobject.property.type="current"/>
  <tobject.subject tobject.subject.ipr="IPTC" tobject.subject.refnum="04000000" tobject.subject.type="economy, business and finance"/>
  <tobject.subject tobject.subject.ipr="IPTC" tobject.subject.refnum="04006000" tobject.subject.matter="financial and business service"/>
  <tobject.subject tobject.subject.ipr="IPTC" tobject.subject.refnum="11000000" tobject.subject.type="politics"/>
</tobject>
<docdata>
  <doc-id regsrc="BENCH" id-string="{story_id}"/>
  <urgency ed-urg="4"/>
  <fixture fix-id="bench-daily"/>
  <date.issue norm="20261201T100000Z"/>
  <date.release norm="20261201T100000Z"/>
  <du-key generation="1" part="1" version="1" key="{story_id}"/>
  <doc.copyright year="2026" holder="Bench Wire"/>
  <doc.rights owner="Bench Wire" agent="Bench Wire" geography="worldwide" location.code="XX" type="all"/>
  <key-list><keyword key="economy"/><keyword key="markets"/><keyword key="policy"/><keyword key="trade"/><keyword key="bench"/></key-list>
  <identified-content>
    <person idsrc="bench.people" value="p-1021">Ana Lima</person>
    <person idsrc="bench.people" value="p-2207">Jonas Veld</person>
    <org idsrc="bench.orgs" value="o-311">Northbridge Port Authority</org>
    <location><city>Northbridge</city><country iso-cc="XX">Eastland</country></location>
    <classifier type="categorizer" value="business"/>
  </identified-content>
</docdata>
<pubdata type="web" position.section="business" position.sequence="3" item-length="{words}" unit-of-measure="word"/>
"""


def nitf(story_id, headline, paragraphs, version=1, typical=False):
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    head = NITF_HEAD.format(story_id=story_id, words=sum(len(p.split()) for p in paragraphs)) if typical else \
        f'<docdata><doc-id id-string="{story_id}"/><du-key version="{version}" key="{story_id}"/></docdata>'
    body_head = (f'<hedline><hl1>{escape(headline)}</hl1><hl2>A sub-headline for the story</hl2></hedline>'
                 '<byline>By <person>A. Reporter</person>, <byttl>Economics Correspondent</byttl></byline>'
                 '<dateline><location><city>Northbridge</city></location>, <story.date norm="20261201">Dec. 1</story.date></dateline>'
                 '<abstract><p>A summary of the story in one sentence.</p></abstract>') if typical else \
        f'<hedline><hl1>{escape(headline)}</hl1></hedline>'
    end = '<body.end><tagline>Reporting by A. Reporter; editing by B. Editor</tagline></body.end>' if typical else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/" version="-//IPTC//DTD NITF 3.6//EN">
<head><title>{escape(headline)}</title>{head}</head>
<body><body.head>{body_head}</body.head>
<body.content><block>
{body}
</block></body.content>{end}</body></nitf>
"""


G2_TYPICAL_META = """<rightsInfo>
  <copyrightHolder uri="http://bench.example/about.html#copyright"><name>Bench Wire</name></copyrightHolder>
  <copyrightNotice>Copyright 2026 Bench Wire, all rights reserved</copyrightNotice>
  <usageTerms>Not for use outside the newsroom's own titles</usageTerms>
</rightsInfo>
<itemMeta>
  <itemClass qcode="ninat:text"/>
  <provider qcode="nprov:BENCH"><name>Bench Wire</name></provider>
  <versionCreated>2026-12-01T10:00:00Z</versionCreated>
  <firstCreated>2026-12-01T09:12:00Z</firstCreated>
  <pubStatus qcode="stat:usable"/>
  <service qcode="svc:bench-business"><name>Business Service</name></service>
  <edNote>Moves on the business service.</edNote>
  <signal qcode="sig:update"/>
  <link rel="irel:seeAlso" href="http://bench.example/video/{story_id}"/>
</itemMeta>
<contentMeta>
  <contentCreated>2026-12-01T09:10:00Z</contentCreated>
  <contentModified>2026-12-01T09:58:00Z</contentModified>
  <located type="cptype:city" qcode="geo:4242"><name>Northbridge</name>
    <broader type="cptype:statprov" qcode="prov:77"><name>Eastland North</name></broader>
    <broader type="cptype:country" qcode="iso3166-1a2:XX"><name>Eastland</name></broader></located>
  <creator uri="http://bench.example/staff/areporter"><name>A. Reporter</name></creator>
  <infoSource uri="http://bench.example"/>
  <subject type="cpnat:abstract" qcode="medtop:04000000"><name xml:lang="en-GB">economy, business and finance</name><name xml:lang="de">Wirtschaft</name></subject>
  <subject type="cpnat:abstract" qcode="medtop:20000344"><name xml:lang="en-GB">economic trends and indicators</name><name xml:lang="de">Konjunktur</name><broader qcode="medtop:04000000"/></subject>
  <subject type="cpnat:abstract" qcode="medtop:20000350"><name xml:lang="en-GB">central bank</name><name xml:lang="de">Zentralbank</name><broader qcode="medtop:04000000"/></subject>
  <subject type="cpnat:organisation" qcode="org:311"><name>Northbridge Port Authority</name></subject>
  <subject type="cpnat:person" qcode="person:1021"><name>Ana Lima</name></subject>
  <genre qcode="genre:current"><name xml:lang="en-GB">Current</name></genre>
  <keyword>economy</keyword><keyword>markets</keyword><keyword>policy</keyword><keyword>trade</keyword>
  <slugline>{story_id}</slugline>
  <headline>{headline}</headline>
  <description role="drol:summary">A summary of the story in one sentence.</description>
</contentMeta>"""


def newsml_item(story_id, headline, paragraphs, typical=False):
    inner = nitf(story_id, headline, paragraphs, typical=typical).split("\n", 1)[1]
    meta = G2_TYPICAL_META.format(story_id=story_id, headline=escape(headline)) if typical else f"""
<rightsInfo><copyrightHolder><name>Bench Wire</name></copyrightHolder></rightsInfo>
<itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:BENCH"/><versionCreated>2026-12-01T10:00:00Z</versionCreated></itemMeta>
<contentMeta><urgency>4</urgency><subject qcode="medtop:04000000"><name>economy</name></subject><slugline>{story_id}</slugline>
<headline>{escape(headline)}</headline></contentMeta>"""
    return f"""<newsItem guid="urn:bench:{story_id}" version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="en">
{meta}
<contentSet><inlineXML contenttype="application/nitf+xml">{inner}</inlineXML></contentSet></newsItem>"""


def newsml(items):
    ns = 'xmlns="http://iptc.org/std/nar/2006-10-01/"'
    if len(items) == 1:
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + items[0].replace("<newsItem ", f"<newsItem {ns} ", 1)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<newsMessage {ns}><header><sent>2026-12-01T10:00:00Z</sent></header><itemSet>\n'
            + "\n".join(items) + "\n</itemSet></newsMessage>\n")


def ninjs(story_id, headline, paragraphs):
    return json.dumps({"uri": f"urn:bench:{story_id}", "type": "text", "version": "1", "headline": headline,
                       "byline": "A. Reporter", "versioncreated": "2026-12-01T10:00:00Z",
                       "body_html": "".join(f"<p>{escape(p)}</p>" for p in paragraphs)})


def wrap(text, width=69):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + ([line] if line else [])


def iptc7901(story_id, headline, paragraphs):
    lines = ["Bench/wire/", headline, "By Bench Wire correspondents =", ""]
    for paragraph in paragraphs:
        lines += wrap(paragraph) + [""]
    text = "\r\n".join(lines + ["bw ab cd"]) + "\r\n"
    return (b"\x01bwr0001 4 i 500  BW 0001\r\n\x02" + text.encode("utf-8") + b"\x03011200 GMT Dec 26\r\n\x04")


def anpa(story_id, headline, paragraphs):
    head = b"\x16\x16\x01b0001\x1f-----\r\nr a\x13\x11 BC-Bench-" + story_id.encode()[:12] + b"  12-01 0500\r\n"
    lines = ["^BC-Bench-" + story_id[:12] + ",0500<", "^" + headline + "<", "^By A. REPORTER=", "^Bench Wire=" ]
    lines += ["\t   " + p for p in paragraphs]
    return head + b"\x02" + "\r\n".join(lines).encode("utf-8") + b"\r\n\x03BW-WF-12-01-26 1200GMT<\r\n\x04"


def email(story_id, headline, paragraphs):
    text = "\n\n".join("\n".join(wrap(p, 72)) for p in paragraphs)
    body = quopri.encodestring(text.encode("utf-8")).decode().replace("\n", "\r\n")
    subject = "=?UTF-8?B?" + base64.b64encode(headline.encode()).decode() + "?="
    return ("\r\n".join(["From: Press <press@example.org>", "To: desk@example.org", "Subject: " + subject,
                         "Date: Tue, 1 Dec 2026 10:00:00 +0000", f"Message-ID: <{story_id}@example.org>", "MIME-Version: 1.0",
                         "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable", "", body, ""])).encode()


def write_corpus(folder, copies):
    formats = {name: os.path.join(folder, name) for name in
               ["aeb-html", "nitf", "nitf-typical", "newsml-g2", "newsml-g2-typical", "newsml-g2-message", "ninjs", "iptc-7901",
                "anpa-1312", "email"]}
    for path in formats.values():
        os.makedirs(path)
    for name in os.listdir(os.path.join(AEB, "html")):
        shutil.copy(os.path.join(AEB, "html", name), formats["aeb-html"])
    all_stories = list(stories())
    for copy in range(copies):
        message = []
        for story_id, headline, paragraphs in all_stories:
            key = f"{story_id}-{copy}"
            open(os.path.join(formats["nitf"], key + ".xml"), "w", encoding="utf-8").write(nitf(key, headline, paragraphs))
            open(os.path.join(formats["nitf-typical"], key + ".xml"), "w", encoding="utf-8").write(
                nitf(key, headline, paragraphs, typical=True))
            open(os.path.join(formats["newsml-g2-typical"], key + ".xml"), "w", encoding="utf-8").write(
                newsml([newsml_item(key, headline, paragraphs, typical=True)]))
            item = newsml_item(key, headline, paragraphs)
            open(os.path.join(formats["newsml-g2"], key + ".xml"), "w", encoding="utf-8").write(newsml([item]))
            message.append(item)
            if len(message) == 5:
                open(os.path.join(formats["newsml-g2-message"], key + ".xml"), "w", encoding="utf-8").write(newsml(message))
                message = []
            open(os.path.join(formats["ninjs"], key + ".json"), "w", encoding="utf-8").write(ninjs(key, headline, paragraphs))
            open(os.path.join(formats["iptc-7901"], key + ".txt"), "wb").write(iptc7901(key, headline, paragraphs))
            open(os.path.join(formats["anpa-1312"], key + ".anpa"), "wb").write(anpa(key, headline, paragraphs))
            open(os.path.join(formats["email"], key + ".eml"), "wb").write(email(key, headline, paragraphs))
    return formats


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--copies", type=int, default=4, help="how many times each story is written per format")
    args = parser.parse_args()
    if not args.skip_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "copydesk-clean-bench"], cwd=ROOT, check=True)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    binary = os.path.join(bin_path, "copydesk-clean-bench")
    with tempfile.TemporaryDirectory() as folder:
        formats = write_corpus(folder, args.copies)
        best = json.loads(subprocess.run([binary, "--read", "--passes", str(args.rounds)] + list(formats.values()),
                                         check=True, capture_output=True, text=True).stdout)
    html_rate = best["aeb-html"]["bytes"] / 1e6 / best["aeb-html"]["cpu"]
    print(f"| input | files | documents | failed | MB | CPU s | MB/CPU-s | CPU per MB vs the HTML path |")
    print("|---|---|---|---|---|---|---|---|")
    for name, report in best.items():
        megabytes = report["bytes"] / 1e6
        rate = megabytes / report["cpu"]
        print(f"| {name} | {int(report['files'])} | {int(report['documents'])} | {int(report['failed'])} | {megabytes:.2f} | "
              f"{report['cpu']:.3f} | {rate:.1f} | {html_rate / rate:.2f}× |")


if __name__ == "__main__":
    sys.exit(main())
