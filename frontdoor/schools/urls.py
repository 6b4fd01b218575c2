from django.urls import path

from frontdoor.schools import views

urlpatterns = [
    path("", views.establishment_list, name="establishment_list"),
    path("import/", views.gias_import, name="gias_import"),
    path("<int:urn>/", views.establishment_detail, name="establishment_detail"),
    path("<int:urn>/pupils/", views.establishment_pupils, name="establishment_pupils"),
]
