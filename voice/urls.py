from django.urls import path

from voice import views

app_name = "voice"

urlpatterns = [
    path("", views.send, name="send"),
    path("messages/", views.my_messages, name="my-messages"),
    path("messages/<int:pk>/", views.message_detail, name="message-detail"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.moderate, name="moderate"),
    path("what-young-people-told-us/", views.bright_spots, name="bright-spots"),
    path("celebrations/", views.celebrations, name="celebrations"),
]
