"""Youth networks: create, list, show members and shared plans, invite, change roles, leave.

Who may do what is decided by `get_network_for_user` (outsiders 404, non-organisers 403) and the
rules (at least one organiser, single-use expiring invitations) by the models; views only
translate the models' errors into messages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..access import get_network_for_user
from ..forms import NetworkForm, RoleForm
from ..models import Invitation, InvitationError, Membership, Network, PlannerError


@login_required
@require_safe
def network_list(request):
    my_role = Membership.objects.filter(network=OuterRef("pk"), user=request.user).values("role")
    networks = list(
        Network.objects.annotate(
            member_count=Count("memberships"), my_role=Subquery(my_role[:1])
        ).filter(my_role__isnull=False)
    )
    role_labels = dict(Membership.Role.choices)
    for network in networks:
        network.my_role_label = role_labels.get(network.my_role)
    return render(request, "planner/network_list.html", {"networks": networks})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def network_create(request):
    form = NetworkForm(request.POST or None)
    if form.is_valid():
        network = Network.create(
            form.cleaned_data["name"], form.cleaned_data["description"], organiser=request.user
        )
        messages.success(
            request,
            _("Network “%(name)s” created. You are its organiser: invite its members below.")
            % {"name": network.name},
        )
        return redirect(network)
    return render(request, "planner/network_form.html", {"form": form})


@login_required
@require_safe
def network_detail(request, slug):
    network, membership = get_network_for_user(request, slug)
    is_organiser = membership.is_organiser
    members = list(network.memberships.select_related("user").order_by("user__username"))
    plans = network.plans.select_related("owner").order_by("title")
    context = {
        "network": network,
        "membership": membership,
        "is_organiser": is_organiser,
        "members": members,
        "plans": plans,
    }
    if is_organiser:
        for member in members:
            member.role_form = RoleForm(
                initial={"role": member.role}, auto_id=f"id_member_{member.pk}_%s"
            )
            member.role_form.fields["role"].label = _("Role of %(name)s") % {
                "name": member.user.get_username()
            }
        invitations = list(network.invitations.usable().select_related("created_by"))
        for invitation in invitations:
            invitation.link = request.build_absolute_uri(invitation.get_absolute_url())
        context["invitations"] = invitations
        context["invitation_valid_days"] = Invitation.VALID_FOR.days
        context["invitation_form"] = RoleForm(
            initial={"role": Membership.Role.EDITOR}, auto_id="id_invitation_%s"
        )
    return render(request, "planner/network_detail.html", context)


@login_required
@require_POST
def invitation_create(request, slug):
    network, _membership = get_network_for_user(request, slug, organiser=True)
    form = RoleForm(request.POST)
    if form.is_valid():
        invitation = Invitation.create_for(network, form.cleaned_data["role"], request.user)
        messages.success(
            request,
            ngettext(
                "Invitation created for the role “%(role)s”. Copy its link below and send it to "
                "the person you invite; it works once, for %(days)s day.",
                "Invitation created for the role “%(role)s”. Copy its link below and send it to "
                "the person you invite; it works once, for %(days)s days.",
                Invitation.VALID_FOR.days,
            )
            % {"role": invitation.get_role_display(), "days": Invitation.VALID_FOR.days},
        )
    else:
        messages.error(request, _("Choose the role the invited person will have."))
    return redirect(reverse("planner:network_detail", args=[network.slug]) + "#invitations")


@login_required
@require_POST
def invitation_revoke(request, slug, invitation_id):
    network, _membership = get_network_for_user(request, slug, organiser=True)
    invitation = get_object_or_404(network.invitations, pk=invitation_id)
    if invitation.revoke():
        messages.success(request, _("The invitation is withdrawn: its link no longer works."))
    else:
        messages.info(request, _("This invitation was already used or withdrawn."))
    return redirect(reverse("planner:network_detail", args=[network.slug]) + "#invitations")


def _member_or_404(network, membership_id):
    return get_object_or_404(network.memberships.select_related("user"), pk=membership_id)


@login_required
@require_POST
def member_role(request, slug, membership_id):
    network, _membership = get_network_for_user(request, slug, organiser=True)
    member = _member_or_404(network, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
    else:
        try:
            member = network.change_role(member, form.cleaned_data["role"], by=request.user)
        except PlannerError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": member.user.get_username(), "role": member.get_role_display()},
            )
    return redirect(reverse("planner:network_detail", args=[network.slug]) + "#members")


@login_required
@require_POST
def member_remove(request, slug, membership_id):
    network, _membership = get_network_for_user(request, slug, organiser=True)
    member = _member_or_404(network, membership_id)
    try:
        network.remove_member(member, by=request.user)
    except PlannerError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s is no longer a member of %(network)s.")
            % {"name": member.user.get_username(), "network": network.name},
        )
        if member.user_id == request.user.pk:
            # Organisers removing themselves have left: the network's page is closed to them.
            return redirect("planner:network_list")
    return redirect(reverse("planner:network_detail", args=[network.slug]) + "#members")


@login_required
@require_POST
def network_leave(request, slug):
    network, membership = get_network_for_user(request, slug)
    try:
        network.remove_member(membership)
    except PlannerError as error:
        messages.error(request, str(error))
        return redirect(network)
    messages.success(request, _("You have left %(network)s.") % {"network": network.name})
    return redirect("planner:network_list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("network"), token=token)
    network = invitation.network
    context = {"invitation": invitation, "network": network}
    membership = network.membership_of(request.user)
    if membership is not None:
        # The link stays usable for the person it was meant for; the member keeps their role.
        messages.info(
            request,
            _(
                "You are already a member of %(network)s (%(role)s). Your role has not changed "
                "and the invitation has not been used: it can still be passed on."
            )
            % {"network": network.name, "role": membership.get_role_display()},
        )
        return redirect(network)
    reason = invitation.unusable_reason()
    if reason is not None:
        return _unusable(request, context, reason)
    if request.method == "POST":
        try:
            invitation.accept(request.user)
        except InvitationError as error:
            return _unusable(request, context, str(error))
        messages.success(
            request,
            _("Welcome to %(network)s. You joined as %(role)s.")
            % {"network": network.name, "role": invitation.get_role_display()},
        )
        return redirect(network)
    return render(request, "planner/invitation_accept.html", context)


def _unusable(request, context, reason):
    context = {**context, "unusable": True, "reason": reason}
    return render(request, "planner/invitation_accept.html", context, status=410)
