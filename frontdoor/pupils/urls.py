from django.urls import path

from frontdoor.pupils import views

urlpatterns = [
    path("", views.pupil_search_view, name="pupil_search"),
    path("<int:pupil_id>/", views.pupil_detail, name="pupil_detail"),
]
