"""Agenda packs: one PDF per meeting, the agenda followed by every item's papers.

A pack is written in two passes. WeasyPrint lays out the front page (with what changed since
the version before), the contents, the agenda and a heading page for each item, followed by
one empty page for each page of the item's PDF paper; its contents page reads its page
numbers with `target-counter`, so they are the PDF's own. pikepdf then draws each page of
the paper onto its empty page, inside the page's margins, under the running header naming
the meeting and the page number, adds a bookmark for each item and its paper, and attaches
Word, Excel and OpenDocument papers inside the PDF as embedded files (LibreOffice is not
installed where the portal runs, so they are attached, not converted). The finished file
passes through `cpboard.tagged_pdf.finish_tagged_pdf`, as every PDF the portal writes does.

Two versions are written each time: the members' (every paper) and the public one, in which
a restricted item reads "Restricted: not for publication" with no title beyond the public
title the secretary gave it, and none of its papers or declarations.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from cpboard.celery import TaskQueueUnavailable, enqueue
from cpboard.services import model_update
from reports.models import AgendaPack, AgendaPackVersion
from reports.rendering import Timings
from reports.signals import agenda_pack_published
from subgroups.models import AgendaItem, Declaration, Meeting
from subgroups.papers import KINDS, PDF

logger = logging.getLogger(__name__)

RESTRICTED_LABEL = "Restricted: not for publication"
STYLESHEET = Path(settings.BASE_DIR) / "templates" / "reports" / "pdf" / "agenda_pack.css"
# Where a paper's page is drawn on its pack page (points, A4): inside the margins, below the
# running header and the page's label, above the page number.
PAPER_BOX = (42.5, 51.0, 552.8, 760.0)
# A PDF paper longer than this is attached whole, not merged page for page: a pack of thousands
# of pages is no use to a member, and would take the worker hours to lay out.
MERGED_PAGES_LIMIT = 300


class PackRefused(Exception):
    """The pack cannot be sent now (a compile is under way)."""


# --- What goes in ---------------------------------------------------------------------------


@dataclass
class PackPaper:
    """An item's paper as it goes into a pack."""

    name: str
    kind: str
    """"pdf", "docx", "xlsx" or "odt"."""
    label: str
    content: bytes
    sha256: str
    pages: int = 0
    """The PDF paper's page count, 0 when it is attached whole: not a PDF, a PDF that could not
    be read, or one of more than MERGED_PAGES_LIMIT pages."""
    attachment_name: str = ""

    @property
    def page_numbers(self) -> range:
        return range(1, self.pages + 1)


@dataclass
class PackItem:
    """One agenda item as the version being written shows it."""

    number: int
    pk: int
    title: str
    presenter: str
    restricted: bool
    declarations: list[Declaration]
    paper: PackPaper | None = None
    shown: bool = True
    """False for a restricted item in the public version: only RESTRICTED_LABEL is shown."""
    public_title: str = ""

    @property
    def heading(self) -> str:
        if self.shown:
            return self.title
        return (
            f"{RESTRICTED_LABEL} ({self.public_title})" if self.public_title else RESTRICTED_LABEL
        )


def _read_paper(item: AgendaItem) -> PackPaper | None:
    if not item.paper:
        return None
    try:
        with item.paper.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        logger.warning("The paper of agenda item %s is missing from storage", item.pk)
        return None
    extension = item.paper_name.rsplit(".", 1)[-1].lower()
    kind = KINDS.get(extension, PDF)
    paper = PackPaper(
        name=item.paper_name,
        kind=kind.extension,
        label=kind.label,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    if kind is PDF:
        import pikepdf

        try:
            with pikepdf.open(io.BytesIO(content)) as document:
                pages = len(document.pages)
            if pages <= MERGED_PAGES_LIMIT:
                paper.pages = pages
            else:
                logger.warning(
                    "The PDF paper of agenda item %s has %s pages, too many to merge",
                    item.pk,
                    pages,
                )
        except (pikepdf.PdfError, pikepdf.PasswordError, ValueError):
            # A PDF pikepdf cannot read (damaged, or locked with a password) is attached as
            # it is, so that members can still open it themselves.
            logger.warning("The PDF paper of agenda item %s cannot be merged", item.pk)
    return paper


def pack_items(meeting: Meeting) -> list[PackItem]:
    """Every item of the meeting's agenda in order, with its declarations and its paper read
    from storage (members' view: the public version hides what it must at rendering)."""
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related(
            Prefetch(
                "declarations",
                queryset=Declaration.objects.select_related("membership__user").order_by("pk"),
            )
        )
        .order_by("position", "pk")
    )
    found = []
    for number, item in enumerate(items, start=1):
        paper = _read_paper(item)
        if paper is not None and paper.pages == 0:
            paper.attachment_name = f"item-{number}-{paper.name}"
        found.append(
            PackItem(
                number=number,
                pk=item.pk,
                title=item.title,
                presenter=item.presenter,
                restricted=item.is_restricted,
                declarations=list(item.declarations.all()),
                paper=paper,
                public_title=item.public_title,
            )
        )
    return found


def papers_state(items: list[PackItem]) -> dict[str, dict]:
    """What a version records of each item (by id), to tell the next version what changed."""
    return {
        str(item.pk): {
            "number": item.number,
            "title": item.title,
            "restricted": item.restricted,
            "public_title": item.public_title,
            "paper": item.paper.name if item.paper else "",
            "sha256": item.paper.sha256 if item.paper else "",
        }
        for item in items
    }


def changes_between(before: dict[str, dict], after: dict[str, dict]) -> list[dict]:
    """The changes from one version's papers to the next, one dict per item changed: the
    item's number, title, whether it is restricted (and its public title), and what changed,
    in words that name its paper ("Paper replaced: new.pdf (was old.pdf)")."""
    found = []
    for pk, now in after.items():
        was = before.get(pk)
        if was is None:
            what = "Added to the agenda" + (
                f", with its paper {now['paper']}" if now["paper"] else ""
            )
        elif now["sha256"] == was["sha256"]:
            continue
        elif not was["paper"]:
            what = f"Paper added: {now['paper']}"
        elif not now["paper"]:
            what = f"Paper taken out: {was['paper']}"
        elif now["paper"] == was["paper"]:
            what = f"Paper replaced by a new version of {now['paper']}"
        else:
            what = f"Paper replaced: {now['paper']} (was {was['paper']})"
        found.append(
            {**{k: now[k] for k in ("number", "title", "restricted", "public_title")}, "what": what}
        )
    for pk, was in before.items():
        if pk not in after:
            found.append(
                {
                    **{k: was[k] for k in ("number", "title", "restricted", "public_title")},
                    "what": "Taken off the agenda",
                }
            )
    return sorted(found, key=lambda change: change["number"])


def public_changes(changes: list[dict]) -> list[dict]:
    """The change list as the public version prints it: a restricted item's title and paper
    names are not given."""
    shown = []
    for change in changes:
        if change["restricted"]:
            label = RESTRICTED_LABEL + (
                f" ({change['public_title']})" if change["public_title"] else ""
            )
            shown.append({**change, "title": label, "what": "Its papers changed"})
        else:
            shown.append(change)
    return shown


# --- Writing the PDF ------------------------------------------------------------------------


@dataclass
class WrittenPack:
    pages: int
    heading_pages: dict[int, int] = field(default_factory=dict)
    """Each item's number to the page (1-based) its heading is on."""


def render_html(
    meeting: Meeting, items: list[PackItem], *, version: int, members: bool, changes: list[dict]
) -> str:
    """The pack's HTML: front page, contents, agenda, and each item's heading page followed
    by an empty page for each page of its PDF paper."""
    when = timezone.localtime(meeting.starts_at)
    return render_to_string(
        "reports/pdf/agenda_pack.html",
        {
            "meeting": meeting,
            "when": when,
            "running_header": css_string(
                f"{meeting.group.name}, {when:%-d %B %Y}: agenda pack version {version}"
                + ("" if members else " (public)")
            ),
            "items": items,
            "new_page": items_starting_a_page(items),
            "version": version,
            "members": members,
            "changes": changes if members else public_changes(changes),
            "council": settings.COUNCIL_NAME,
            "css": STYLESHEET.read_text(encoding="utf-8"),
            "restricted_label": RESTRICTED_LABEL,
        },
    )


def items_starting_a_page(items: list[PackItem]) -> set[int]:
    """The numbers of the items that start a page: each with a paper to read, and each after
    an item whose paper's pages were drawn into the pack. An item with nothing to read (no
    paper, or restricted in the public version) follows the item before it on its page."""
    starting = set()
    after_paper_pages = True  # the first item follows the agenda, which ends its page
    for item in items:
        paper = item.paper if item.shown else None
        if paper is not None or after_paper_pages:
            starting.add(item.number)
        after_paper_pages = paper is not None and paper.pages > 0
    return starting


def css_string(text: str) -> SafeString:
    """`text` as a quoted CSS string: anything but letters, digits and plain punctuation is
    written as a CSS escape, so a group's name can neither end the string nor the style."""
    escaped = "".join(
        char if char.isalnum() or char in " ,.:()'-" else f"\\{ord(char):x} " for char in text
    )
    return mark_safe(f'"{escaped}"')


def for_version(items: list[PackItem], *, members: bool) -> list[PackItem]:
    """The items as the members' or the public version shows them. The public version, which
    young people read too, names no presenter (the names policy, cpboard.people: who leads
    an item is for those who may see staff names)."""
    if members:
        return items
    shown = []
    for item in items:
        if not item.restricted:
            item = dataclasses.replace(item, presenter="")
        else:
            item = PackItem(
                number=item.number,
                pk=item.pk,
                title="",
                presenter="",
                restricted=True,
                declarations=[],
                paper=None,
                shown=False,
                public_title=item.public_title,
            )
        shown.append(item)
    return shown


def write_pack(
    meeting: Meeting,
    items: list[PackItem],
    target: Path,
    *,
    version: int,
    members: bool,
    changes: list[dict],
    timings: Timings | None = None,
) -> WrittenPack:
    """Write one version of the pack (members' or public) to `target`."""
    import pikepdf
    from weasyprint import HTML

    from cpboard.tagged_pdf import finish_tagged_pdf

    items = for_version(items, members=members)
    started = time.perf_counter()
    html = render_html(meeting, items, version=version, members=members, changes=changes)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant="pdf/ua-1")
    laid_out = document.write_pdf(pdf_variant="pdf/ua-1")
    if timings is not None:
        timings.add("weasyprint", time.perf_counter() - started)
    started = time.perf_counter()
    anchors = {name: index for index, page in enumerate(document.pages) for name in page.anchors}
    written = WrittenPack(pages=len(document.pages))
    with pikepdf.open(io.BytesIO(laid_out)) as pack:
        with pack.open_outline() as outline:
            outline.root.extend(
                pikepdf.OutlineItem(title, anchors[anchor])
                for title, anchor in (
                    ("Front page", "front"),
                    ("Contents", "contents"),
                    ("Agenda", "agenda"),
                )
            )
            for item in items:
                heading_page = anchors[f"item-{item.number}"]
                written.heading_pages[item.number] = heading_page + 1
                bookmark = pikepdf.OutlineItem(f"Item {item.number}: {item.heading}", heading_page)
                paper = item.paper
                if paper is not None and paper.pages:
                    bookmark.children.append(
                        pikepdf.OutlineItem(
                            f"Paper: {paper.name}", anchors[f"item-{item.number}-page-1"]
                        )
                    )
                    _draw_paper(
                        pack,
                        item,
                        [
                            anchors[f"item-{item.number}-page-{n}"]
                            for n in range(1, paper.pages + 1)
                        ],
                    )
                elif paper is not None:
                    pack.attachments[paper.attachment_name] = pikepdf.AttachedFileSpec(
                        pack,
                        paper.content,
                        description=f"Item {item.number}: {item.title} ({paper.label})",
                        filename=paper.attachment_name,
                        mime_type=KINDS[paper.kind].content_type if paper.kind in KINDS else None,
                    )
                outline.root.append(bookmark)
        # Open with the bookmarks showing.
        pack.Root.PageMode = pikepdf.Name.UseOutlines
        merged = io.BytesIO()
        pack.save(merged)
    if timings is not None:
        timings.add("merging", time.perf_counter() - started)
    started = time.perf_counter()
    finish_tagged_pdf(merged.getvalue(), target)
    if timings is not None:
        timings.add("table headers", time.perf_counter() - started)
    return written


def _draw_paper(pack, item: PackItem, pages: list[int]) -> None:
    """Draw each page of the item's PDF paper on its empty pack page, scaled into PAPER_BOX,
    as a tagged Figure: a screen reader hears which page of which paper it is, after the
    label WeasyPrint laid out above it (the paper's own text is drawn as it came, so a
    reader that needs it downloads the paper itself)."""
    import pikepdf

    paper = item.paper
    with pikepdf.open(io.BytesIO(paper.content)) as source:
        for number, (source_page, index) in enumerate(
            zip(source.pages, pages, strict=True), start=1
        ):
            form = pack.copy_foreign(pikepdf.Page(source_page).as_form_xobject())
            page = pikepdf.Page(pack.pages[index])
            name = page.add_resource(form, pikepdf.Name.XObject, prefix="Paper")
            placement = page.calc_form_xobject_placement(form, name, pikepdf.Rectangle(*PAPER_BOX))
            alt = (
                f"Item {item.number}, the paper {paper.name}: page {number} of {paper.pages}, "
                "as it was sent. Download the paper from the meeting's page to read its text."
            )
            mcid = _figure_element(pack, page, alt)
            # The page's own content is kept apart, so the paper starts from a clean state.
            page.contents_add(pikepdf.Stream(pack, b"q\n"), prepend=True)
            page.contents_add(
                pikepdf.Stream(
                    pack,
                    b"\nQ\n/Figure <</MCID %d>> BDC\n" % mcid + bytes(placement) + b"\nEMC\n",
                )
            )


def _figure_element(pack, page, alt: str) -> int:
    """Add a Figure with `alt` to the structure tree right after the label on `page` (the
    paragraph WeasyPrint tagged there), registered in the parent tree under the page's next
    marked-content id; return that id."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    tree = pack.Root.StructTreeRoot
    nums = tree.ParentTree.Nums
    key = int(page.obj.StructParents)
    marked = next(nums[i + 1] for i in range(0, len(nums), 2) if int(nums[i]) == key)
    label = next(element.P for element in marked if element.P.S == Name.P)
    parent = label.P
    figure = pack.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Figure,
            P=parent,
            Pg=page.obj,
            K=len(marked),
            Alt=pikepdf.String(alt),
            A=Dictionary(O=Name.Layout, BBox=Array(PAPER_BOX)),
        )
    )
    kids = parent.K if isinstance(parent.K, Array) else Array([parent.K])
    position = next(i for i, kid in enumerate(kids) if kid.objgen == label.objgen)
    kids.insert(position + 1, figure)
    parent.K = kids
    marked.append(figure)
    return len(marked) - 1


# --- Sending ----------------------------------------------------------------------------------


def pack_for(meeting: Meeting) -> AgendaPack:
    """The meeting's pack, made on first use (not yet sent)."""
    pack, _ = AgendaPack.objects.get_or_create(meeting=meeting)
    return pack


@transaction.atomic
def agenda_pack_send(
    *, meeting: Meeting, requested_by: AbstractBaseUser | None, queue: bool = True
) -> AgendaPack:
    """Ask for the next version of the meeting's pack to be compiled and sent; the compile
    is queued once this transaction commits (unless `queue` is False: the caller runs
    `agenda_pack_compile` itself). Raises PackRefused while a compile is under way."""
    pack = pack_for(meeting)
    pack = AgendaPack.objects.select_for_update().get(pk=pack.pk)
    if not pack.can_compile:
        raise PackRefused(
            "The agenda pack is being compiled now. Wait for it to finish before sending again."
        )
    model_update(
        instance=pack,
        fields={
            "status": AgendaPack.Status.COMPILING,
            "run_token": uuid.uuid4().hex,
            "requested_by": requested_by,
            "requested_at": timezone.now(),
            "failure_reason": "",
            "task_id": "",
        },
        changed_by=requested_by,
        lock=False,
    )
    token = pack.run_token
    if queue:
        transaction.on_commit(lambda: agenda_pack_enqueue(pack_id=pack.pk, run_token=token))
    return pack


def agenda_pack_enqueue(*, pack_id: int, run_token: str) -> bool:
    """Hand the compile to the task queue; False (and the pack marked failed, saying why)
    when the queue is not answering."""
    from cpboard.celery import QUEUE_DOWN_ADVICE
    from reports.tasks import compile_agenda_pack

    try:
        result = enqueue(compile_agenda_pack, pack_id, run_token)
    except TaskQueueUnavailable as error:
        logger.warning("Compiling agenda pack %s could not start: %s", pack_id, error)
        _mark_failed(
            pack_id,
            run_token,
            f"The pack could not be compiled because the task queue is not answering. "
            f"{QUEUE_DOWN_ADVICE}",
        )
        return False
    AgendaPack.objects.filter(pk=pack_id, run_token=run_token).update(task_id=result.id or "")
    return True


def agenda_pack_compile(
    *, pack_id: int, run_token: str, timings: Timings | None = None
) -> AgendaPackVersion | None:
    """Compile the next version of the pack (members' and public PDFs) and save it, sent.
    Returns the version, or None when the run failed (the pack says why) or a newer request
    took over. A repeat of a finished run does nothing."""
    pack = AgendaPack.objects.select_related("meeting__group").filter(pk=pack_id).first()
    if pack is None or pack.run_token != run_token or pack.status != AgendaPack.Status.COMPILING:
        return None
    paths: list[Path] = []
    try:
        meeting = pack.meeting
        items = pack_items(meeting)
        state = papers_state(items)
        previous = pack.versions.order_by("-version").first()
        version = (previous.version + 1) if previous else 1
        changes = changes_between(previous.papers, state) if previous else []
        written = {}
        for members in (True, False):
            with tempfile.NamedTemporaryFile(
                prefix="agenda-pack-", suffix=".pdf", dir=_temporary_folder(), delete=False
            ) as handle:
                path = Path(handle.name)
            paths.append(path)
            written[members] = (
                path,
                write_pack(
                    meeting,
                    items,
                    path,
                    version=version,
                    members=members,
                    changes=changes,
                    timings=timings,
                ),
            )
        return _save_version(pack_id, run_token, version, written, state, changes)
    except Exception as error:
        logger.exception("Compiling agenda pack %s failed", pack_id)
        _mark_failed(pack_id, run_token, f"{type(error).__name__}: {error}")
        return None
    finally:
        for path in paths:
            path.unlink(missing_ok=True)


def _temporary_folder() -> Path:
    from reports.services import report_temporary_folder

    return report_temporary_folder()


@transaction.atomic
def _save_version(
    pack_id: int, run_token: str, version: int, written: dict, state: dict, changes: list
) -> AgendaPackVersion | None:
    pack = AgendaPack.objects.select_for_update().select_related("meeting").get(pk=pack_id)
    if pack.run_token != run_token or pack.status != AgendaPack.Status.COMPILING:
        return None
    members_path, members_pack = written[True]
    public_path, public_pack = written[False]
    row = AgendaPackVersion(
        pack=pack,
        version=version,
        members_pages=members_pack.pages,
        public_pages=public_pack.pages,
        papers=state,
        changes=changes,
        sent_by=pack.requested_by,
    )
    saved = []
    try:
        for field_name, path, label in (
            ("members_file", members_path, "members"),
            ("public_file", public_path, "public"),
        ):
            with path.open("rb") as handle:
                getattr(row, field_name).save(f"{run_token}-{label}.pdf", File(handle), save=False)
            saved.append(getattr(row, field_name).name)
        row.save()
        resend = pack.resend
        model_update(
            instance=pack,
            fields={"status": AgendaPack.Status.SENT, "failure_reason": "", "resend": False},
            changed_by=pack.requested_by,
            lock=False,
        )
    except Exception:
        for name in saved:
            row.members_file.storage.delete(name)
        raise
    meeting, url = pack.meeting, pack.get_absolute_url()
    transaction.on_commit(
        lambda: agenda_pack_published.send(
            sender=AgendaPackVersion, meeting=meeting, version=version, url=url
        )
    )
    if resend:
        requested_by = pack.requested_by
        transaction.on_commit(lambda: agenda_pack_send(meeting=meeting, requested_by=requested_by))
    return row


@transaction.atomic
def _mark_failed(pack_id: int, run_token: str, reason: str) -> None:
    pack = AgendaPack.objects.select_for_update().filter(pk=pack_id).first()
    if pack is None or pack.run_token != run_token:
        return
    model_update(
        instance=pack,
        fields={"status": AgendaPack.Status.FAILED, "failure_reason": reason[:2000]},
        changed_by=pack.requested_by,
        lock=False,
    )


def agenda_pack_paper_changed(*, meeting: Meeting, changed_by=None) -> AgendaPack | None:
    """A paper of the meeting was added or replaced: if its pack has gone out, send a new
    version of the whole pack (the old ones are kept). While a version is compiling (it may
    have read the papers before the change), another is sent once it is done. Returns the
    pack if a new version was asked for now; None otherwise."""
    pack = AgendaPack.objects.filter(meeting=meeting).first()
    if pack is None or not pack.versions.exists():
        return None
    if not pack.can_compile:
        AgendaPack.objects.filter(pk=pack.pk).update(resend=True)
        return None
    return agenda_pack_send(meeting=meeting, requested_by=changed_by or pack.requested_by)
