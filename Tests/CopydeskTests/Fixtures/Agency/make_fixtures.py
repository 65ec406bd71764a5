#!/usr/bin/env python3
"""Writes the wire-copy and e-mail fixtures of this folder (the files hold control characters,
legacy charsets and MIME encodings that are easier to state here than to edit by hand).

The stories are fictional, written for Copydesk's tests. The framing follows the formats'
published descriptions: IPTC Recommendation 7901 (SOH, heading, STX, text, ETX, post-text, EOT;
SCD/ECD typesetting instructions, CAN kill-word, ISO 2022 designation of ISO 8859-1) and ANPA-1312
as the Associated Press transmits it (SYN SYN SOH, service level and message number, US, selector;
priority, category, DC3/DC1 format identifiers, slug, version, reference and word count; ``^``
preamble lines ending in ``<`` or ``=``, tab-indented paragraphs, an "AP-WF" style sign-off).
E-mail follows RFC 5322, MIME (RFC 2045-2047) and RFC 2231.

Run it from anywhere: python3 make_fixtures.py
"""
import base64
import os
import quopri

HERE = os.path.dirname(os.path.abspath(__file__))
SYN, SOH, STX, ETX, EOT, US = b"\x16", b"\x01", b"\x02", b"\x03", b"\x04", b"\x1f"
DC1, DC3, CAN, FF, VT, ESC = b"\x11", b"\x13", b"\x18", b"\x0c", b"\x0b", b"\x1b"


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def latin1(text):
    return text.encode("latin-1")


# --- ANPA-1312: an original and its first write-through, Latin-1 in the body ------------------

ANPA_BODY = [
    "\t   NORTHBRIDGE, Eastland (NWS) _ The river Aller rose to 7.4 meters on Friday, its highest level "
    "in 40 years, and the city closed the Old Bridge to traffic.",
    "\t   ``We have sandbags for two more days,'' said fire chief Jan M\u00fcller. ``After that we need "
    "help from the army.''",
    "\t   Water levels at the city's gauges, in meters:",
    "\tGauge\tFriday\tThursday",
    "\tOld Bridge\t7.4\t6.9",
    "\tMill Weir\t5.1\t4.8",
    "\t   The weather service expects the river to peak on Sunday.",
]


def anpa(version_marker, slug_marker, eds, extra_first, sequence, words):
    heading = SYN + SYN + SOH + b"b" + sequence + US + b"-----\r\n"
    heading += b"r a" + DC3 + DC1 + b" BC-Northbridge-Flood " + version_marker + b"  12-04 " + words + b"\r\n"
    lines = ["^BC-Northbridge-Flood" + slug_marker + "," + words.decode() + "<",
             "^River Aller at highest level in 40 years<",
             "^" + eds + "<",
             "^By ANNA KOVAC=",
             "^Northbridge Wire Service Writer="]
    body = ANPA_BODY
    if extra_first:
        # A write-through's new lead carries the dateline; the old first paragraph loses it.
        body = [extra_first, ANPA_BODY[0].replace("NORTHBRIDGE, Eastland (NWS) _ The", "The")] + ANPA_BODY[1:]
    text = "\r\n".join(lines + body + ["\t   ___", "\t   MORE"]) + "\r\n"
    return heading + STX + latin1(text) + ETX + b"NWS-WF-12-04-26 1412GMT<\r\n" + EOT


write("anpa-original.anpa", anpa(b"", "", "Eds: Moving on general news services.", None, b"0217", b"0412"))
write("anpa-writethru.anpa", anpa(
    b"1stLd-Writethru", ", 1st Ld-Writethru",
    "Eds: UPDATES with evacuation of the riverside quarter. With NWS Photos.",
    "\t   NORTHBRIDGE, Eastland (NWS) _ Police evacuated 800 people from the riverside quarter on Friday "
    "evening as the Aller kept rising.",
    b"0231", b"0520"))


# --- IPTC 7901: a message with Latin-1 designated, a table, notes and a sign-off ----------------

def iptc7901(serial, markers, headline, first_paragraph):
    heading = SOH + b"nws" + serial + b" 3 i 290  NWS " + serial + b"\r\n" + ESC + b"-A" + b"Northbridge/weather/storm/\r\n"
    text = "\r\n".join(markers + [
        headline,
        "By Northbridge Wire Service correspondents =",
        "",
    ] + first_paragraph + [
        "",
        "The storm tore the roof off a hangar at the airport, where about 3,000",
        "passengers spent the night in the terminal. Flights to Z\u00fcrich and",
        "Malm\u00f6 were cancelled.",
        "",
        "Wind speeds measured on Thursday:",
        "\tStation\tkm/h",
        "\tAirport\t132",
        "\tHarbour\t118",
        "",
        "\"We have not seen a storm like this since 1999,\" said Kirsten Dahl, a",
        "forecaster at the weather service.",
        "",
        "The following information is not for publication",
        "Contact: weather desk, +49 30 555 0100",
        "",
        "nws kd ab rm",
    ]) + "\r\n"
    raw = latin1(text)
    # A kill-word (CAN) and a typesetting instruction (SCD ... ECD) as teleprinter copy carries them.
    raw = raw.replace(b"passengers spent", b"passengers spnet" + CAN + b" spent")
    raw = raw.replace(b"Wind speeds", FF + b"[tabs 12,20]" + VT + b"Wind speeds")
    return heading + STX + raw + ETX + b"041205 GMT Dec 26\r\n" + EOT


FIRST = ["Northbridge (NWS) - A storm with gusts of up to 132 kilometres an hour closed",
         "Northbridge airport for a second day on Friday and cut power to 20,000",
         "homes."]
LEAD = ["Northbridge (NWS) - Northbridge airport reopened on Friday evening after a",
        "storm with gusts of up to 132 kilometres an hour closed it for two days and",
        "cut power to 20,000 homes."]
write("iptc7901-storm.txt", iptc7901(b"0118", [], "Storm closes Northbridge airport for a second day", FIRST))
write("iptc7901-storm-lead.txt", iptc7901(b"0125", ["REFILE", "1ST LEAD"], "Northbridge airport reopens after storm", LEAD))
# A feed captured to disk: two messages in one file.
write("iptc7901-feed.txt", SYN + iptc7901(b"0118", [], "Storm closes Northbridge airport for a second day", FIRST)
      + b"\r\n" + SYN + iptc7901(b"0125", ["1ST LEAD"], "Northbridge airport reopens after storm", LEAD))


# --- E-mail: a press release with a plain and an HTML alternative and two attachments -------------

RELEASE_TEXT = """Northbridge, 4 December 2026

Port traffic up 12 percent in record year

The Port of Northbridge handled 41.3 million tonnes of cargo in the
first eleven months of the year, 12 percent more than in the same
period of 2025 and more than in any full year before.

"The new container terminal has paid for itself sooner than anyone
expected," said port director Sibylle Kr\u00fcger. Container traffic
alone rose by 19 percent.

The port expects to pass 45 million tonnes by the end of December.

-- 
Port of Northbridge, press office
Hafenstra\u00dfe 1, Northbridge
press@northbridge-port.example
"""

RELEASE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Port traffic up 12 percent</title></head>
<body><table width="600"><tr><td><img src="cid:logo" alt="Port of Northbridge"></td></tr>
<tr><td><p><b>Northbridge, 4 December 2026</b></p>
<h1>Port traffic up 12 percent in record year</h1>
<p>The Port of Northbridge handled 41.3 million tonnes of cargo in the first eleven months of the year,
12 percent more than in the same period of 2025 and more than in any full year before.</p>
<p>&ldquo;The new container terminal has paid for itself sooner than anyone expected,&rdquo; said port director
Sibylle Kr&uuml;ger. Container traffic alone rose by 19 percent.</p>
<p>The port expects to pass 45 million tonnes by the end of December.</p>
</td></tr><tr><td><p>Port of Northbridge, press office &middot; <a href="mailto:press@northbridge-port.example">press@northbridge-port.example</a></p>
<p><a href="https://northbridge-port.example/unsubscribe">Unsubscribe</a></p></td></tr></table></body></html>
"""

NITF_ATTACHMENT = """<?xml version="1.0" encoding="UTF-8"?>
<nitf><head><docdata><doc-id id-string="PORT-2026-11"/></docdata></head>
<body><body.head><hedline><hl1>Port of Northbridge: cargo figures for November</hl1></hedline></body.head>
<body.content><p>Cargo handled in November: 3.9 million tonnes.</p><p>Containers: 212,000 TEU, up 21 percent.</p></body.content></body></nitf>
"""


def b64(data, width=76):
    encoded = base64.b64encode(data).decode()
    return "\r\n".join(encoded[i:i + width] for i in range(0, len(encoded), width))


def qp(text):
    return quopri.encodestring(text.encode("utf-8")).decode().replace("\n", "\r\n")


subject = "=?UTF-8?B?" + base64.b64encode("Press release: Port traffic up 12 percent \u2013 record year".encode()).decode() + "?="
mail = "\r\n".join([
    "Return-Path: <press@northbridge-port.example>",
    "Received: from mail.northbridge-port.example (mail.northbridge-port.example [192.0.2.10])",
    "\tby mx.newsroom.example with ESMTPS; Fri, 4 Dec 2026 09:14:05 +0100",
    "From: =?UTF-8?Q?Hafenbeh=C3=B6rde_Northbridge?= <press@northbridge-port.example>",
    "To: desk@newsroom.example",
    "Subject: " + subject,
    "Date: Fri, 4 Dec 2026 09:14:03 +0100",
    "Message-ID: <20261204091403.4411@northbridge-port.example>",
    "MIME-Version: 1.0",
    "Content-Language: en",
    'Content-Type: multipart/mixed; boundary="==outer=="',
    "",
    "This is a multi-part message in MIME format.",
    "",
    "--==outer==",
    'Content-Type: multipart/alternative; boundary="==alt=="',
    "",
    "--==alt==",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    qp(RELEASE_TEXT),
    "--==alt==",
    "Content-Type: text/html; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    b64(RELEASE_HTML.encode()),
    "--==alt==--",
    "",
    "--==outer==",
    'Content-Type: application/xml; name="port-figures.xml"',
    'Content-Disposition: attachment; filename="port-figures.xml"',
    "Content-Transfer-Encoding: base64",
    "",
    b64(NITF_ATTACHMENT.encode()),
    "--==outer==",
    "Content-Type: application/pdf",
    "Content-Disposition: attachment; filename*=UTF-8''Jahresbericht%202026.pdf",
    "Content-Transfer-Encoding: base64",
    "",
    b64(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
    "--==outer==--",
    "",
])
write("press-release.eml", mail.encode())

# A release forwarded to the desk as HTML only (its plain part a stub), with the forwarder's note.
FORWARDED_HTML = """<html><body><div dir="ltr">Could someone look at this for tomorrow's paper? Thanks, Mia<br><br>
<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>
From: <strong>City of Northbridge</strong> &lt;<a href="mailto:presse@northbridge.example">presse@northbridge.example</a>&gt;<br>
Date: Thu, 3 Dec 2026 at 16:40<br>
Subject: New cycle lanes on Ringstrasse from Monday<br>
To: &lt;mia@newsroom.example&gt;<br></div><br><br>
<p>The city will open 3.2 kilometres of protected cycle lanes on the Ringstrasse on Monday.</p>
<p>Two car lanes will become cycle lanes between the station and the university, the city said.</p>
<p>Work on the second section is to start in April.</p>
</div></div></body></html>
"""
fwd_subject = "=?ISO-8859-1?Q?Fwd=3A_New_cycle_lanes_on_Ringstra=DFe_from_Monday?="
forwarded = "\r\n".join([
    "From: Mia Lorenz <mia@newsroom.example>",
    "To: desk@newsroom.example",
    "Subject: " + fwd_subject,
    "Date: Thu, 3 Dec 2026 17:02:11 +0100",
    "Message-ID: <CAF0wd-8812@mail.example>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/alternative; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "Your mail program cannot show this message.",
    "",
    "--b1",
    "Content-Type: text/html; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    b64(FORWARDED_HTML.encode()),
    "--b1--",
    "",
])
write("forwarded-release.eml", forwarded.encode())

# A reply that quotes the earlier mail: the quote is not the story.
reply = "\r\n".join([
    "From: Press Office <press@northbridge-port.example>",
    "To: Ines Okafor <ines@newsroom.example>",
    "Subject: Re: Question about the ferry terminal",
    "Date: Sat, 5 Dec 2026 10:01:00 +0100",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=ISO-8859-1; format=flowed",
    "Content-Transfer-Encoding: 8bit",
    "",
    "Dear Ms Okafor, ",
    "",
    "the terminal's opening is planned for the summer of 2029. The port will ",
    "pay for the new quay walls itself.",
    "",
    "On Fri, 4 Dec 2026 at 18:22, Ines Okafor <ines@newsroom.example> wrote:",
    "> When will the terminal open, and who pays for the quay walls?",
    "> Thanks, Ines",
    "",
    "-- ",
    "Press Office, Port of Northbridge",
    "",
]).encode("latin-1")
write("reply.eml", reply)
