"""Openings, updates and closings in the log become public messages, valid CAP, exercises marked."""

from django.utils import timezone
from lxml import etree

from trygg.formats import cap
from trygg.operations.log import NewEntry, append
from trygg.public.operations_messages import messages
from trygg.registry.models import Point
from trygg.rules.public_info import MessageKind


def move(event, user, org, ref, *states):
    point = Point.objects.get(ref=ref)
    for state in states:
        append(NewEntry(event=event, author_id=user.pk, author_org=org, kind="state", occurred_at=timezone.now(),
                        point=point, data={"state": state}))


def test_an_opening_then_an_update_then_a_closing(activated, krokom_user, krokom_org):
    move(activated, krokom_user, krokom_org, "SOT-VALSJOBYN", "opening", "open")
    move(activated, krokom_user, krokom_org, "SOT-ROTVIKEN", "opening", "open")
    move(activated, krokom_user, krokom_org, "SOT-VALSJOBYN", "closing", "closed")
    move(activated, krokom_user, krokom_org, "SOT-ROTVIKEN", "closing")
    kinds = [m.kind for m in messages("2309")]
    assert kinds[0] is MessageKind.OPENING and kinds[-1] is MessageKind.CLOSING
    assert set(kinds[1:-1]) == {MessageKind.UPDATE}
    closing = messages("2309")[-1]
    assert len(closing.references) == len(kinds) - 1
    assert all(m.reason == "" for m in messages("2309")), "the decision's reason is internal, never a message's"


def test_a_message_carries_the_public_text_released_by_then(activated, krokom_user, krokom_org):
    from trygg.operations import public_text
    from trygg.operations.models import PublicTextPolicy

    move(activated, krokom_user, krokom_org, "SOT-VALSJOBYN", "opening", "open")
    PublicTextPolicy.objects.create(municipality=krokom_org, two_person_rule=False)
    text = public_text.save_draft(activated, krokom_org, krokom_user, "Valsjöbua är öppen för värme.", "Open.")
    public_text.release(text, krokom_user)
    move(activated, krokom_user, krokom_org, "SOT-VALSJOBYN", "full")
    first, second = messages("2309")
    assert (first.reason, second.reason, second.reason_en) == ("", "Valsjöbua är öppen för värme.", "Open.")


def test_every_message_is_valid_cap_and_an_exercise_says_so(activated, krokom_user, krokom_org):
    activated.exercise = True
    activated.save()
    move(activated, krokom_user, krokom_org, "SOT-VALSJOBYN", "opening", "open")
    found = messages("2309")
    assert found and all(m.exercise for m in found)
    for message in found:
        xml = cap.message_to_cap_xml(message)
        cap.validate_cap(xml)
        doc = etree.fromstring(xml)
        status = doc.find("{urn:oasis:names:tc:emergency:cap:1.2}status").text
        assert status == "Exercise"


def test_no_messages_for_another_municipality(activated, krokom_user, krokom_org):
    move(activated, krokom_user, krokom_org, "SOT-VALSJOBYN", "opening", "open")
    assert messages("2321") == []
