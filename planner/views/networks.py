"""Youth networks: create, list, show members and shared plans, invite, change roles, leave.

Who may do what is decided by `get_network_for_user` (outsiders 404, non-organisers 403), the
rules (at least one organiser, single-use expiring invitations) by the models, and the writes
that can be refused are the services'; views only turn their outcomes into messages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import services
from ..access import get_network_for_user
from ..forms import NetworkForm, RoleForm
from ..models import Invitation, Membership, Network
from ..selectors import InvitationOutcome, invitation_status, networks_of, page_of


@login_required
@require_safe
def network_list(request):
    return render(request, "planner/network_list.html", {"networks": networks_of(request.user)})


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


# The query parameter that pages each list of a network's page.
NETWORK_PAGES = {"members": "members", "plans": "plans", "invitations": "invitations"}
# Fewer than other lists: each open invitation is a link with its buttons to pass it on.
INVITATIONS_PER_PAGE = 10


@login_required
@require_safe
def network_detail(request, slug):
    network, membership = get_network_for_user(request, slug)
    can_manage = membership.can_manage_network
    members = network.memberships.select_related("user").order_by("user__username", "pk")
    members = page_of(members, request.GET.get(NETWORK_PAGES["members"]))
    plans = network.plans.select_related("owner").defer("summary").order_by("title", "pk")
    context = {
        "network": network,
        "membership": membership,
        "can_manage": can_manage,
        "members_page": members,
        "members": members.object_list,
        "plans_page": page_of(plans, request.GET.get(NETWORK_PAGES["plans"])),
        "page_params": NETWORK_PAGES,
    }
    if can_manage:
        # Each member's role is changed with a plain <select> (network_member.html): as many
        # forms as members, so none is built as a Django form, and the labels are translated
        # once for them all.
        context["roles"] = [(role, str(label)) for role, label in Membership.Role.choices]
        invitations = network.invitations.usable().select_related("created_by")
        invitations = page_of(
            invitations.order_by("-created_at", "pk"),
            request.GET.get(NETWORK_PAGES["invitations"]),
            INVITATIONS_PER_PAGE,
        )
        for invitation in invitations:
            invitation.link = request.build_absolute_uri(invitation.get_absolute_url())
        context["invitations_page"] = invitations
        context["invitations"] = invitations.object_list
        context["invitation_valid_days"] = Invitation.VALID_FOR.days
        context["invitation_form"] = RoleForm(
            initial={"role": Membership.Role.EDITOR}, auto_id="id_invitation_%s"
        )
    return render(request, "planner/network_detail.html", context)


@login_required
@require_POST
def invitation_create(request, slug):
    network, _membership = get_network_for_user(request, slug, manage=True)
    form = RoleForm(request.POST)
    if form.is_valid():
        invitation = services.invite(
            network=network, role=form.cleaned_data["role"], by=request.user
        )
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
    return _back_to(network, "invitations")


@login_required
@require_POST
def invitation_revoke(request, slug, invitation_id):
    network, _membership = get_network_for_user(request, slug, manage=True)
    invitation = get_object_or_404(network.invitations, pk=invitation_id)
    if invitation.revoke():
        messages.success(request, _("The invitation is withdrawn: its link no longer works."))
    else:
        messages.info(request, _("This invitation was already used or withdrawn."))
    return _back_to(network, "invitations")


def _back_to(network, section):
    """To the network's page, at the section the form was in."""
    return redirect(network.get_absolute_url() + f"#{section}")


def _member_or_404(network, membership_id):
    return get_object_or_404(network.memberships.select_related("user"), pk=membership_id)


@login_required
@require_POST
def member_role(request, slug, membership_id):
    network, _membership = get_network_for_user(request, slug, manage=True)
    member = _member_or_404(network, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return _back_to(network, "members")
    role = form.cleaned_data["role"]
    outcome = services.change_member_role(
        network=network, member=member, role=role, by=request.user
    )
    if not outcome.done:
        messages.error(request, outcome.error)
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": member.user.get_username(), "role": Membership.Role(role).label},
        )
    return _back_to(network, "members")


@login_required
@require_POST
def member_remove(request, slug, membership_id):
    network, _membership = get_network_for_user(request, slug, manage=True)
    member = _member_or_404(network, membership_id)
    outcome = services.remove_member(network=network, member=member, by=request.user)
    if not outcome.done:
        messages.error(request, outcome.error)
    else:
        messages.success(
            request,
            _("%(name)s is no longer a member of %(network)s.")
            % {"name": member.user.get_username(), "network": network.name},
        )
        if member.user_id == request.user.pk:
            # Organisers removing themselves have left: the network's page is closed to them.
            return redirect("planner:network_list")
    return _back_to(network, "members")


@login_required
@require_POST
def network_leave(request, slug):
    network, membership = get_network_for_user(request, slug)
    outcome = services.remove_member(network=network, member=membership)
    if not outcome.done:
        messages.error(request, outcome.error)
        return redirect(network)
    messages.success(request, _("You have left %(network)s.") % {"network": network.name})
    return redirect("planner:network_list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("network"), token=token)
    network = invitation.network
    if request.method == "POST":
        outcome = services.accept_invitation(invitation=invitation, user=request.user)
    else:
        outcome = invitation_status(invitation=invitation, user=request.user)
    context = {"invitation": invitation, "network": network}
    if outcome.status == InvitationOutcome.OPEN:
        return render(request, "planner/invitation_accept.html", context)
    if outcome.status == InvitationOutcome.UNUSABLE:
        context = {**context, "unusable": True, "reason": outcome.reason}
        return render(request, "planner/invitation_accept.html", context, status=410)
    if outcome.status == InvitationOutcome.ALREADY_MEMBER:
        messages.info(
            request,
            _(
                "You are already a member of %(network)s (%(role)s). Your role has not changed "
                "and the invitation has not been used: it can still be passed on."
            )
            % {"network": network.name, "role": outcome.membership.get_role_display()},
        )
    else:
        messages.success(
            request,
            _("Welcome to %(network)s. You joined as %(role)s.")
            % {"network": network.name, "role": invitation.get_role_display()},
        )
    return redirect(network)
