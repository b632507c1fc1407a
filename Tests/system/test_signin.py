"""The signin example (the Flask sign-in app of the seed programs) over HTTP and in a real
headless Chromium. Its pages are compared with what Jinja2 renders from the same templates
and context, the reference the example's engine follows.

    WERK_BIN_DIR=$(swift build --show-bin-path) python3 -m pytest Tests/system/test_signin.py
"""
import os
import re

import jinja2
import pytest
import requests

from browser import headless_chromium, needs_chromium, wait_until
from test_examples import Program, program  # noqa: F401 (the fixture)

TEMPLATES = os.path.join(os.path.dirname(__file__), "..", "..", "Examples", "Signin", "templates")
JINJA = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape())


def jinja(name, **context):
    """The page Jinja2 renders (its default: one trailing newline removed)."""
    return JINJA.get_template(name).render(**context)


def token(page):
    return re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page).group(1)


@pytest.fixture
def signin(program):  # noqa: F811
    return program("signin", "--host", "127.0.0.1", "--port", "PORT", "--templates", TEMPLATES)


def test_the_pages_are_the_ones_jinja2_renders(signin):
    browser = requests.Session()
    form = browser.get(signin.url + "/signin", timeout=10)
    assert form.status_code == 200 and form.headers["Content-Type"] == "text/html; charset=utf-8"
    csrf = token(form.text)
    assert form.text == jinja("form.html", csrf_token=csrf)
    assert browser.get(signin.url + "/", timeout=10).text == jinja("home.html", user=None, csrf_token=csrf)

    bad = browser.post(signin.url + "/signin", data={"username": "<b>x</b>", "password": "no", "csrf_token": csrf}, timeout=30)
    assert bad.text == jinja("form.html", message="Bad username or password", username="<b>x</b>", csrf_token=csrf)
    assert "&lt;b&gt;x&lt;/b&gt;" in bad.text

    ok = browser.post(signin.url + "/signin", data={"username": "admin", "password": "password", "csrf_token": csrf}, timeout=30)
    assert ok.status_code == 200
    assert ok.text == jinja("signin-ok.html", username="admin")
    assert "Welcome, admin!" in ok.text
    # The session remembers the user, on GET and POST of the home page. Signing in gave the
    # session a new CSRF token, so the one from before sign-in is refused.
    home = browser.get(signin.url + "/", timeout=10).text
    fresh = token(home)
    assert fresh != csrf
    assert home == jinja("home.html", user="admin", csrf_token=fresh)
    assert "Signed in as admin." in browser.post(signin.url + "/", data={"csrf_token": fresh}, timeout=10).text
    assert browser.post(signin.url + "/", data={"csrf_token": csrf}, timeout=10).status_code == 403


def test_a_post_without_the_csrf_token_is_forbidden(signin):
    browser = requests.Session()
    browser.get(signin.url + "/signin", timeout=10)
    refused = browser.post(signin.url + "/signin", data={"username": "admin", "password": "password"}, timeout=30)
    assert refused.status_code == 403
    assert "Signed in" not in browser.get(signin.url + "/", timeout=10).text
    # Another client's token is no good either.
    other = requests.Session()
    stolen = token(other.get(signin.url + "/signin", timeout=10).text)
    assert browser.post(signin.url + "/signin", data={"username": "admin", "password": "password", "csrf_token": stolen},
                        timeout=30).status_code == 403


def test_a_missing_field_is_a_400(signin):
    browser = requests.Session()
    csrf = token(browser.get(signin.url + "/signin", timeout=10).text)
    missing = browser.post(signin.url + "/signin", data={"username": "admin", "csrf_token": csrf}, timeout=30)
    assert missing.status_code == 400 and "password" in missing.text


@needs_chromium
def test_sign_in_in_a_real_browser(signin):
    from selenium.webdriver.common.by import By

    def submit_and_wait(driver, title):
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_until(driver, lambda d: d.title == title and d.execute_script("return document.readyState") == "complete")

    with headless_chromium() as driver:
        driver.get(signin.url + "/signin")
        assert driver.title == "Please Sign In"
        # A typed <b>x</b> comes back as text in the field, not as markup.
        driver.find_element(By.NAME, "username").send_keys("<b>x</b>")
        driver.find_element(By.NAME, "password").send_keys("wrong")
        old = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "p[style]") and old != d.find_element(By.TAG_NAME, "html"))
        assert driver.find_element(By.CSS_SELECTOR, "p[style]").text == "Bad username or password"
        field = driver.find_element(By.NAME, "username")
        assert field.get_attribute("value") == "<b>x</b>"
        assert driver.find_elements(By.TAG_NAME, "b") == []

        field.clear()
        field.send_keys("admin")
        driver.find_element(By.NAME, "password").send_keys("password")
        submit_and_wait(driver, "Welcome")
        assert "Welcome, admin!" in driver.find_element(By.TAG_NAME, "body").text

        driver.get(signin.url + "/")
        assert "Signed in as admin." in driver.find_element(By.TAG_NAME, "body").text
        driver.find_element(By.CSS_SELECTOR, "form[action='/signout'] button").click()
        wait_until(driver, lambda d: "Sign in" in d.find_element(By.TAG_NAME, "body").text)
