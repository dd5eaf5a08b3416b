"""Only the point's manager, its municipality's coordinator and the county print its binder; others get 404."""


def test_the_point_manager_the_coordinator_and_the_county_may_print_it(kall_manager, are, county, point):
    pk = point("SOT-KALL").pk
    for client in (kall_manager, are, county):
        response = client.get(f"/parm/{pk}/")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_another_municipality_a_volunteer_and_a_partner_get_404(krokom, valsjobyn_staff, partner, point):
    assert krokom.get(f"/parm/{point('SOT-KALL').pk}/").status_code == 404
    assert valsjobyn_staff.get(f"/parm/{point('SOT-VALSJOBYN').pk}/").status_code == 404
    assert partner.get(f"/parm/{point('SOT-KALL').pk}/").status_code == 404


def test_a_visitor_is_sent_to_log_in(client, point):
    response = client.get(f"/parm/{point('SOT-KALL').pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/parm/")


def test_a_point_that_does_not_exist_is_404(county):
    assert county.get("/parm/999999/").status_code == 404
