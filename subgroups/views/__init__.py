"""Pages of the Board and its sub-groups, one module per section: groups and members,
meetings and their agendas, papers, attendance, minutes and the action log, challenges,
highlight reports, "You said, we did", the meeting calendar with its .ics feed, and search.

A view parses input, asks a selector (`subgroups.selectors`) or a service, and renders. Who
may see or change a record is asked of `subgroups.access` (`get_<record>_for_user`), which
reads agenda items and actions through `AgendaItem.objects.visible_to`, so a restricted item
the user may not see is a 404 on every page, download, feed and search here."""
