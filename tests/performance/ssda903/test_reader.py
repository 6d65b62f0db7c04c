"""Reading a return: CSV files, a zip of them or the XML form; and what is refused, with the
file, line and column the analyst needs to find it."""

import io
import zipfile

import pytest

from performance.ssda903.reader import ReturnRefused, read_return
from tests.performance.ssda903.builders import EPISODES, HEADER, csv_file, episode

GOOD_HEADER = [HEADER, "A1,M,01/02/2010,WBRI,A123456789012,,"]
GOOD_EPISODES = [EPISODES, episode("A1", "01/01/2024", "S")]


def files(**tables: list[str]) -> list[tuple[str, io.BytesIO]]:
    return [(f"{name}.csv", io.BytesIO("\n".join(rows).encode())) for name, rows in tables.items()]


def refusal(sources) -> ReturnRefused:
    with pytest.raises(ReturnRefused) as caught:
        read_return(sources)
    return caught.value


def test_csv_files_are_known_by_their_header_row_whatever_their_names():
    found = read_return(
        [
            ("extract 1.csv", io.BytesIO("\n".join(GOOD_EPISODES).encode())),
            ("extract 2.CSV", io.BytesIO("\ufeff".encode() + "\n".join(GOOD_HEADER).encode())),
        ]
    )
    assert set(found.tables) == {"header", "episodes"}
    assert found.tables["episodes"].rows[0][1].isoformat() == "2024-01-01"
    assert [f.rows for f in found.files] == [1, 1]
    assert len(found.checksum) == 64


def test_a_zip_of_the_files_reads_the_same_as_the_files():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("return/header.csv", "\n".join(GOOD_HEADER))
        archive.writestr("return/episodes.csv", "\n".join(GOOD_EPISODES))
        archive.writestr("__MACOSX/._header.csv", "junk")
    buffer.seek(0)
    zipped = read_return([("return.zip", buffer)])
    separate = read_return(files(header=GOOD_HEADER, episodes=GOOD_EPISODES))
    assert zipped.checksum == separate.checksum
    assert zipped.tables["episodes"].rows == separate.tables["episodes"].rows


def test_missing_optional_files_are_fine_but_header_and_episodes_are_required():
    assert read_return(files(header=GOOD_HEADER, episodes=GOOD_EPISODES)).table("oc2") is None
    assert "no episodes file" in refusal(files(header=GOOD_HEADER)).message
    assert "no header file" in refusal(files(episodes=GOOD_EPISODES)).message


def test_a_wrong_header_row_is_refused_with_the_file_line_and_column():
    wrong = [EPISODES.replace("DECOM", "DATE_START"), episode("A1", "01/01/2024", "S")]
    refused = refusal(files(header=GOOD_HEADER, episodes=wrong))
    assert (refused.file, refused.line, refused.column) == ("episodes.csv", 1, "B")
    assert "DATE_START" in refused.message
    assert refused.located.startswith("episodes.csv, line 1, column B: ")


def test_a_file_whose_header_row_matches_no_903_file_is_refused():
    refused = refusal(files(header=GOOD_HEADER, episodes=GOOD_EPISODES, notes=["A,B", "1,2"]))
    assert refused.file == "notes.csv"
    assert "matches none" in refused.message


def test_a_bad_date_is_refused_with_the_file_line_and_column():
    bad = [*GOOD_EPISODES, episode("A2", "31/02/2024", "S")]
    refused = refusal(files(header=GOOD_HEADER, episodes=bad))
    assert (refused.file, refused.line, refused.column) == ("episodes.csv", 3, "B (DECOM)")
    assert "not a date" in refused.message
    assert "31/02/2024" not in refused.message  # kept with the upload: no child's dates
    iso = [HEADER, "A1,M,2010-02-01,WBRI,A123456789012,,"]
    assert refusal(files(header=iso, episodes=GOOD_EPISODES)).column == "C (DOB)"


def test_the_same_file_twice_is_refused():
    copy = ("copy.csv", io.BytesIO("\n".join(GOOD_EPISODES).encode()))
    refused = refusal([*files(header=GOOD_HEADER, episodes=GOOD_EPISODES), copy])
    assert "Two files are the episodes file" in refused.message


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("episodes.csv", b"0" * (50 * 1024 * 1024))
    buffer.seek(0)
    refused = refusal([("return.zip", buffer)])
    assert refused.file == "return.zip"


XML = """<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <CHILD>
    <HEADER>
      <CHILDID>A1</CHILDID><SEX>F</SEX><DOB>2008-02-01</DOB><ETHNIC>WBRI</ETHNIC>
      <UPN>A123456789012</UPN><UASC>1</UASC><DUC>01/02/2026</DUC>
      <OC2><HEALTH_ASSESSMENT>1</HEALTH_ASSESSMENT><TEETH_CHECK>0</TEETH_CHECK></OC2>
      <AREVIEW><REVIEW>01/06/2024</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>
    </HEADER>
    <EPISODE><DECOM>01/01/2024</DECOM><RNE>S</RNE><LS>V2</LS><PL>U1</PL></EPISODE>
    <EPISODE><DECOM>01/03/2024</DECOM><RNE>P</RNE><LS>V2</LS><PL>K2</PL></EPISODE>
  </CHILD>
</Message>
"""


def test_the_xml_form_reads_into_the_same_files():
    found = read_return([("return.xml", io.BytesIO(XML.encode()))])
    assert found.file_format == "xml"
    header = found.tables["header"]
    assert header.rows[0][:3] == ("A1", "F", header.rows[0][2])
    assert header.rows[0][2].isoformat() == "2008-02-01"
    episodes = found.tables["episodes"]
    assert [row[5] for row in episodes.rows] == ["U1", "K2"]
    assert episodes.lines == [10, 11]
    assert found.tables["uasc"].rows[0][3].isoformat() == "2026-02-01"
    assert found.tables["oc2"].rows[0][0] == "A1"
    assert len(found.tables["reviews"].rows) == 1


def test_xml_with_entities_is_refused_by_defusedxml():
    bomb = '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><m><CHILD>&a;</CHILD></m>'
    refused = refusal([("return.xml", io.BytesIO(bomb.encode()))])
    assert "document type" in refused.message


def test_xml_with_a_bad_date_names_its_line():
    bad = XML.replace("<DECOM>01/03/2024</DECOM>", "<DECOM>1 March</DECOM>")
    refused = refusal([("return.xml", io.BytesIO(bad.encode()))])
    assert (refused.file, refused.line, refused.column) == ("return.xml", 11, "DECOM")


def test_broken_xml_is_refused_with_its_line():
    refused = refusal([("return.xml", io.BytesIO(b"<m>\n<CHILD>\n</m>"))])
    assert refused.line == 3


def test_csv_and_xml_together_are_refused():
    sources = files(header=GOOD_HEADER, episodes=GOOD_EPISODES)
    sources.append(("return.xml", io.BytesIO(XML.encode())))
    assert "not both" in refusal(sources).message


def test_builder_files_read_back():
    name, data = csv_file("oc3", ["A1,01/01/2005,YES,F1,B1"])
    assert name == "oc3.csv"
    assert data.startswith(b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n")
