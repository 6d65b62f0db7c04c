from django.urls import path

from subgroups import views

app_name = "subgroups"

urlpatterns = [
    path("", views.group_list, name="group-list"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/feedback/", views.meeting_feedback, name="meeting-feedback"),
    path("meetings/<int:pk>/items/add/", views.item_add, name="item-add"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/actions/add/", views.action_raise, name="action-raise"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/move/", views.item_move, name="item-move"),
    path("items/<int:pk>/paper/", views.paper_download, name="paper-download"),
    path("actions/", views.action_log, name="action-log"),
    path("actions/<int:pk>/", views.action_edit, name="action-edit"),
    path("challenges/", views.challenge_log, name="challenge-log"),
    path("challenges/raise/", views.challenge_raise, name="challenge-raise"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge-detail"),
    path("challenges/<int:pk>/answer/", views.challenge_answer, name="challenge-answer"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("you-said-we-did/", views.you_said, name="you-said"),
    path("you-said-we-did/add/", views.you_said_add, name="you-said-add"),
    path("you-said-we-did/<int:pk>/edit/", views.you_said_edit, name="you-said-edit"),
    path("calendar/", views.calendar_feed, name="calendar-feed"),
    path("calendar/renew/", views.calendar_renew, name="calendar-renew"),
    path("calendar/<str:token>.ics", views.calendar_ics, name="calendar-ics"),
    path("search/", views.search, name="search"),
    path("members/<int:pk>/edit/", views.member_edit, name="member-edit"),
    path("<slug:slug>/", views.group_detail, name="group-detail"),
    path("<slug:slug>/edit/", views.group_edit, name="group-edit"),
    path("<slug:slug>/members/", views.member_list, name="member-list"),
    path("<slug:slug>/members/add/", views.member_add, name="member-add"),
    path("<slug:slug>/reports/new/", views.report_create, name="report-create"),
]
