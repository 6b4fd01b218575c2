from django.urls import path

from frontdoor.support import views_pathways

urlpatterns = [
    path("", views_pathways.pathway_index, name="pathways"),
    path("new/<slug:pathway>/", views_pathways.pathway_new, name="pathway_new"),
    path("<int:notification_id>/", views_pathways.pathway_detail, name="pathway"),
]
