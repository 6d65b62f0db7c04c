"""What the reports app does when something changes in the apps below it."""

from reports import agenda_packs


def send_new_agenda_pack(sender, *, meeting, item, **kwargs) -> None:
    """A paper was added or replaced after the meeting's agenda pack went out: send a new
    version of the whole pack instead of a separate supplement."""
    agenda_packs.agenda_pack_paper_changed(meeting=meeting)
