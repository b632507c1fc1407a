"""A real headless Chromium for the system tests (Debian's chromium and chromium-driver,
Selenium from PyPI; .ci/run installs them). Under CI the tests that use it never skip."""
import contextlib
import os
import shutil

import pytest

needs_chromium = pytest.mark.skipif(shutil.which("chromedriver") is None and not os.environ.get("CI"),
                                    reason="needs chromium-driver")


@contextlib.contextmanager
def headless_chromium():
    """A Selenium driver for a headless Chromium, quit on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]:
        options.add_argument(flag)
    if shutil.which("chromium"):
        options.binary_location = shutil.which("chromium")
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def wait_until(driver, condition, seconds=30):
    """Waits until `condition(driver)` is true. While a page is being replaced, an element found a
    moment ago can go stale or not be there yet; the condition is then tried again, not failed."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, seconds, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(condition)
