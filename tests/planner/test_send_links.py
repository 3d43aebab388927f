"""Links passed on from a phone (planner/includes/send_link.html): each active share link and
each usable invitation shows its absolute URL as text, a "Copy link" button that only the script
reveals, and Telegram and WhatsApp share links carrying the URL encoded; nothing for a link that
no longer works. The sharing page also says who sees the plan."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from planner.models import Invitation, Membership, ShareLink

pytestmark = pytest.mark.django_db


def share_hrefs(html, service):
    """The href of every "Send via <service>" link on the page, unescaped."""
    prefix = {"Telegram": 'href="https://t.me/share/url?', "WhatsApp": 'href="https://wa.me/?'}
    hrefs, start = [], 0
    while (start := html.find(prefix[service], start)) != -1:
        start += len('href="')
        hrefs.append(html[start : html.index('"', start)].replace("&amp;", "&"))
    return hrefs


def query(href):
    return {name: values[0] for name, values in parse_qs(urlsplit(href).query).items()}


@pytest.fixture
def sharing_page(client, owner, plan):
    def get(language=""):
        client.force_login(owner)
        response = client.get(f"{language}/plans/{plan.pk}/sharing/")
        assert response.status_code == 200
        return response.content.decode()

    return get


@pytest.fixture
def network_page(client, owner, network):
    def get(language=""):
        client.force_login(owner)
        response = client.get(f"{language}/networks/{network.slug}/")
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_an_active_link_can_be_sent_through_telegram_and_whatsapp(sharing_page, plan, owner):
    plan.title = "Fathers' evenings & talks"
    plan.save()
    link = ShareLink.objects.create(plan=plan, created_by=owner)
    url = f"http://testserver/shared/{link.token}/"
    html = sharing_page()

    assert (
        f'<p class="send-link-url" id="share-link-{link.pk}" translate="no" data-copy-url>{url}</p>'
        in html
    )
    assert "<code" not in html
    [telegram] = share_hrefs(html, "Telegram")
    assert query(telegram) == {
        "url": url,
        "text": "Read-only link to the plan “Fathers' evenings & talks”",
    }
    # Encoded whole: the URL's own "/" and ":" and the title's "&" cannot break the query.
    assert "url=http%3A%2F%2Ftestserver%2Fshared%2F" in telegram
    assert "%26%20talks" in telegram
    [whatsapp] = share_hrefs(html, "WhatsApp")
    assert query(whatsapp) == {
        "text": f"Read-only link to the plan “Fathers' evenings & talks” {url}"
    }


def test_the_copy_button_is_hidden_until_the_script_shows_it(sharing_page, plan, owner):
    ShareLink.objects.create(plan=plan, created_by=owner)
    html = sharing_page()
    assert "data-copy-button hidden>Copy link" in html
    assert 'role="status" data-copy-status data-msg-copied="Link copied"' in html
    assert "/static/js/copy-link" in html


def test_links_that_no_longer_work_offer_nothing_to_send(sharing_page, plan, owner):
    revoked = ShareLink.objects.create(plan=plan, created_by=owner)
    revoked.revoke()
    ShareLink.objects.create(
        plan=plan, created_by=owner, expires_at=timezone.now() - timedelta(days=1)
    )
    html = sharing_page()
    assert "Revoked" in html and "Expired" in html
    assert "/shared/" not in html
    assert share_hrefs(html, "Telegram") == share_hrefs(html, "WhatsApp") == []
    assert "data-copy-link" not in html
    assert "copy-link.js" in html  # the page lists links: harmless with none active


def test_without_links_the_page_loads_no_script(sharing_page):
    html = sharing_page()
    assert "copy-link" not in html


def test_the_sharing_page_says_who_sees_what(sharing_page, plan, network):
    html = sharing_page()
    assert "Who sees this plan" in html
    assert "See everything. Only you share the plan, delete it and make links." in html
    assert "The plan is shared with “Youth Network”: its viewers read the whole plan" in html
    assert "its editors and organisers also edit it" in html
    assert "They do not see what is listed under “What a link viewer does not see” below." in html
    # The precise lists are still there.
    assert 'id="link-sees"' in html and 'id="link-hidden"' in html


def test_a_private_plan_says_no_network_sees_it(client, owner, private_plan):
    client.force_login(owner)
    html = client.get(f"/plans/{private_plan.pk}/sharing/").content.decode()
    assert "Nobody: the plan is not shared with a network." in html


def test_the_messengers_text_is_in_the_readers_language(sharing_page, plan, owner):
    link = ShareLink.objects.create(plan=plan, created_by=owner)
    html = sharing_page("/ru")
    [telegram] = share_hrefs(html, "Telegram")
    # The link itself has no language prefix: it reads the same for everyone.
    assert query(telegram)["url"] == f"http://testserver/shared/{link.token}/"
    assert "text" in query(telegram)


def test_a_usable_invitation_can_be_sent(network_page, network, owner):
    invitation = Invitation.create_for(network, Membership.Role.VIEWER, created_by=owner)
    url = f"http://testserver/networks/join/{invitation.token}/"
    html = network_page()

    assert f'id="invitation-link-{invitation.pk}" translate="no" data-copy-url>{url}</p>' in html
    assert "Invitation link for the role “Viewer”" in html
    [telegram] = share_hrefs(html, "Telegram")
    assert query(telegram) == {"url": url, "text": "Invitation to join the network “Youth Network”"}
    [whatsapp] = share_hrefs(html, "WhatsApp")
    assert query(whatsapp) == {"text": f"Invitation to join the network “Youth Network” {url}"}
    assert "data-copy-button hidden>Copy link" in html
    assert "/static/js/copy-link" in html


def test_unusable_invitations_offer_nothing_to_send(network_page, network, owner, make_user):
    used = Invitation.create_for(network, Membership.Role.EDITOR, created_by=owner)
    used.accept(make_user("newcomer"))
    withdrawn = Invitation.create_for(network, Membership.Role.EDITOR, created_by=owner)
    withdrawn.revoke()
    expired = Invitation.create_for(network, Membership.Role.EDITOR, created_by=owner)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))
    html = network_page()
    for invitation in (used, withdrawn, expired):
        assert invitation.token not in html
    assert share_hrefs(html, "Telegram") == share_hrefs(html, "WhatsApp") == []
    assert "copy-link" not in html


def test_members_who_do_not_organise_see_no_invitations(client, network, editor, owner):
    Invitation.create_for(network, Membership.Role.VIEWER, created_by=owner)
    client.force_login(editor)
    html = client.get(f"/networks/{network.slug}/").content.decode()
    assert "/networks/join/" not in html
    assert share_hrefs(html, "Telegram") == []
