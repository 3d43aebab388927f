from django.urls import path

from .views import check, log, networks, plans, reviews, sharing, steps, topics

app_name = "planner"

plan = "plans/<uuid:plan_id>/"

urlpatterns = [
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/export.json", plans.my_plans_export, name="my_plans_export"),
    path("plans/use-topic/<slug:topic_slug>/", topics.topic_use, name="topic_use"),
    path(plan, plans.plan_detail, name="plan_detail"),
    path(plan + "edit/", plans.plan_edit, name="plan_edit"),
    path(plan + "delete/", plans.plan_delete, name="plan_delete"),
    path(plan + "archive/", plans.plan_archive, name="plan_archive"),
    path(plan + "duplicate/", plans.plan_duplicate, name="plan_duplicate"),
    path(plan + "print/", plans.plan_print, name="plan_print"),
    path(plan + "check/", check.plan_check, name="plan_check"),
    path(
        plan + "check/<slug:rule>/acknowledge/",
        check.finding_acknowledge,
        name="finding_acknowledge",
    ),
    path(
        plan + "check/acknowledgements/<int:acknowledgement_id>/withdraw/",
        check.finding_withdraw,
        name="finding_withdraw",
    ),
    path(plan + "export.md", plans.plan_export_markdown, name="plan_export_markdown"),
    path(plan + "export.json", plans.plan_export_json, name="plan_export_json"),
    path(plan + "export.docx", plans.plan_export_docx, name="plan_export_docx"),
    path(plan + "steps/<int:number>/", steps.plan_step, name="plan_step"),
    path(plan + "challenges/", steps.plan_challenges, name="plan_challenges"),
    path(plan + "history/<str:kind>/", steps.part_history, name="part_history"),
    path(
        plan + "history/<str:kind>/<int:history_id>/restore/",
        steps.part_restore,
        name="part_restore",
    ),
    path(plan + "sharing/", sharing.plan_sharing, name="plan_sharing"),
    path(plan + "links/new/", sharing.share_link_create, name="share_link_create"),
    path(plan + "links/<int:link_id>/revoke/", sharing.share_link_revoke, name="share_link_revoke"),
    path("shared/<slug:token>/", sharing.shared_plan, name="shared_plan"),
    path(plan + "reviews/", reviews.plan_reviews, name="plan_reviews"),
    path(plan + "reviews/new/", reviews.review_request_create, name="review_request_create"),
    path(plan + "reviews/<int:request_id>/revoke/", reviews.review_revoke, name="review_revoke"),
    path(
        plan + "reviews/comments/<int:comment_id>/reply/",
        reviews.review_reply,
        name="review_reply",
    ),
    path(
        plan + "reviews/comments/<int:comment_id>/resolve/",
        reviews.review_resolve,
        name="review_resolve",
    ),
    path("review/<slug:token>/", reviews.review, name="review"),
    path(plan + "log/", log.plan_log, name="plan_log"),
    path(plan + "log/start/", log.log_start, name="log_start"),
    path(plan + "log/new/", log.activity_create, name="log_activity_create"),
    path(plan + "log/<int:activity_id>/edit/", log.activity_edit, name="log_activity_edit"),
    path(plan + "log/<int:activity_id>/delete/", log.activity_delete, name="log_activity_delete"),
    path(plan + "log/reflections/new/", log.reflection_create, name="log_reflection_create"),
    path(
        plan + "log/reflections/<int:reflection_id>/delete/",
        log.reflection_delete,
        name="log_reflection_delete",
    ),
    path("networks/", networks.network_list, name="network_list"),
    path("networks/new/", networks.network_create, name="network_create"),
    path("networks/join/<slug:token>/", networks.invitation_accept, name="invitation_accept"),
    path("networks/<slug:slug>/", networks.network_detail, name="network_detail"),
    path("networks/<slug:slug>/invite/", networks.invitation_create, name="invitation_create"),
    path(
        "networks/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        networks.invitation_revoke,
        name="invitation_revoke",
    ),
    path("networks/<slug:slug>/leave/", networks.network_leave, name="network_leave"),
    path(
        "networks/<slug:slug>/members/<int:membership_id>/role/",
        networks.member_role,
        name="member_role",
    ),
    path(
        "networks/<slug:slug>/members/<int:membership_id>/remove/",
        networks.member_remove,
        name="member_remove",
    ),
]
