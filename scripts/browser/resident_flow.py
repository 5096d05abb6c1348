#!/usr/bin/env python3
"""Drives the resident pages in headless Chromium (390×844, a phone), once with JavaScript and once without:
scan → fill (first with mistakes) → submit → receipt → tracking link → (loop advanced through the JSON API
by advance.sh) → rate; then an activity's code (活动码, set up by activity.sh): the event's card and form →
receipt → the published outcome (公开成果), without personal data. Saves a screenshot of every step to SCREENSHOT_DIR and fails on any missing content,
CSP violation or horizontal scrolling at 320 px.

Environment: BASE_URL, CODE_URL, SCREENSHOT_DIR, CHROMIUM, CHROMEDRIVER, ADVANCE and ACTIVITY (paths of
advance.sh and activity.sh) and the credentials they need.
"""
import json
import os
import re
import signal
import struct
import subprocess
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

WIDTH, HEIGHT = 390, 844
BASE_URL = os.environ["BASE_URL"]
CODE_URL = os.environ["CODE_URL"]
SHOTS = os.environ.get("SCREENSHOT_DIR", "docs/screenshots")
CONTENT = "江南大道与长河路口的红绿灯时间太短，老人和孩子过马路来不及，早高峰尤其危险。希望延长行人绿灯时间，并在路口增设提示牌。"
REPLY = "经现场勘查，已将该路口行人绿灯由 25 秒延长至 40 秒，并增设“礼让行人”提示牌。感谢您的反映！"
COMMENT = "改得很快，谢谢！"
ACTIVITY_CONTENT = "学校门口早上接送孩子的车辆乱停，学生过马路很危险，希望设置临时停车带并安排志愿者引导。"
ACTIVITY_REPLY = "已在学校东侧设置临时停车带 20 个，上下学时段安排交警和志愿者现场引导。"


class FlowError(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise FlowError(message)


def make_driver(javascript):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    options.add_argument("--headless=new")
    options.add_argument("--disable-gpu")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--hide-scrollbars")
    options.add_argument("--lang=zh-CN")
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": WIDTH, "height": HEIGHT, "pixelRatio": 1.0},
        "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                     "Chrome/126.0 Mobile Safari/537.36",
    })
    prefs = {"intl.accept_languages": "zh-CN,zh"}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    return driver


class Flow:
    def __init__(self, mode):
        self.mode = mode
        self.javascript = mode == "js"
        self.driver = make_driver(self.javascript)
        self.step = 0

    # -- helpers --------------------------------------------------------------------------------------------

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def wait_for(self, words, timeout=15):
        try:
            WebDriverWait(self.driver, timeout, ignored_exceptions=[NoSuchElementException, StaleElementReferenceException]) \
                .until(lambda d: words in d.find_element(By.TAG_NAME, "body").text)
        except TimeoutException:
            raise FlowError(f"[{self.mode}] page {self.driver.current_url} never showed {words!r}:\n{self.text()[:1500]}")

    def expect(self, *words):
        body = self.text()
        for word in words:
            check(word in body, f"[{self.mode}] {self.driver.current_url}: missing {word!r}:\n{body[:1500]}")

    def evaluate(self, expression):
        """Evaluates through DevTools, which works even when the page's own JavaScript is switched off."""
        result = self.driver.execute_cdp_cmd("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result.get("result", {}).get("value")

    def scroll_to(self, element_id):
        self.evaluate(f"document.getElementById({element_id!r}).scrollIntoView({{block: 'start'}})")
        time.sleep(0.2)

    def click(self, selector):
        """A real tap through DevTools input events. (chromedriver's element click hangs when JavaScript is
        switched off, so both runs tap the same way.)"""
        self.evaluate(f"document.querySelector({selector!r}).scrollIntoView({{block: 'center'}})")
        time.sleep(0.1)
        box = json.loads(self.evaluate(f"JSON.stringify(document.querySelector({selector!r}).getBoundingClientRect())"))
        x, y = box["x"] + min(box["width"] / 2, 20), box["y"] + box["height"] / 2
        for kind in ("mousePressed", "mouseReleased"):
            self.driver.execute_cdp_cmd("Input.dispatchMouseEvent",
                                        {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
        time.sleep(0.1)

    def scroll_top(self):
        self.evaluate("window.scrollTo(0, 0)")
        time.sleep(0.1)

    def shot(self, name):
        self.step += 1
        path = os.path.join(SHOTS, f"{self.mode}-{self.step:02d}-{name}.png")
        self.driver.save_screenshot(path)
        self.last_shot = path
        with open(path, "rb") as f:
            header = f.read(24)
        width, height = struct.unpack(">II", header[16:24])
        check((width, height) == (WIDTH, HEIGHT), f"screenshot {path} is {width}×{height}, not {WIDTH}×{HEIGHT}")
        print(f"  saved {path}")

    def no_csp_violations(self):
        logs = self.driver.get_log("browser")
        bad = [entry["message"] for entry in logs
               if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]]
        check(not bad, f"[{self.mode}] CSP violations: {bad}")

    def fits(self, width):
        """No horizontal scrolling at `width` CSS pixels."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": True})
        time.sleep(0.3)
        scroll = self.evaluate("document.documentElement.scrollWidth")
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": True})
        time.sleep(0.2)
        check(scroll <= width, f"[{self.mode}] {self.driver.current_url} scrolls sideways at {width}px ({scroll}px wide)")

    # -- the flow -------------------------------------------------------------------------------------------

    def run(self):
        d = self.driver
        print(f"== resident flow with JavaScript {'on' if self.javascript else 'off'}")
        # 1. Scan: the code's URL opens the card and the form.
        d.get(CODE_URL)
        check(d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN", "html lang is not zh-CN")
        self.expect("我要反映", "反映类型", "类别", "反映内容", "匿名反映", "提交反映")
        self.fits(320)
        self.shot("scan")

        # 2. A first try with mistakes: too short, a wrong phone, no category, no consent.
        d.find_element(By.ID, "content").send_keys("太短")
        d.find_element(By.ID, "phone").send_keys("12345")
        counter = d.find_element(By.ID, "content-count").text
        if self.javascript:
            check("已输入 2 字" in counter and "至少 5 字" in counter, f"live count did not update: {counter!r}")
        else:
            check(counter == "已输入 0 字，最多 2000 字", f"the count changed without JavaScript: {counter!r}")
        self.click("button[type=submit]")
        self.wait_for("请修改以下内容后再提交")
        self.expect("请选择类别。", "反映内容至少需要 5 个字。", "请填写正确的 11 位手机号码", "请勾选同意")
        check(d.find_element(By.ID, "phone").get_attribute("value") == "12345", "the phone number was not kept")
        check(d.find_element(By.ID, "content").get_attribute("value") == "太短", "the content was not kept")
        self.scroll_top()
        self.shot("errors")

        # 3. Fill it in properly.
        self.click("label[for=kind-suggestion]")
        Select(d.find_element(By.ID, "category")).select_by_visible_text("交通出行")
        content = d.find_element(By.ID, "content")
        content.clear()
        content.send_keys(CONTENT)
        d.find_element(By.ID, "address").send_keys("江南大道与长河路交叉口")
        d.find_element(By.ID, "name").send_keys("陈女士")
        phone = d.find_element(By.ID, "phone")
        phone.clear()
        phone.send_keys("13957112345")
        self.click("label[for=consent]")
        check(d.find_element(By.ID, "consent").is_selected(), "consent not ticked")
        counter = d.find_element(By.ID, "content-count").text
        if self.javascript:
            check(f"已输入 {len(CONTENT)} 字" in counter, f"live count wrong: {counter!r}")
        self.scroll_to("kind")
        self.shot("filled")
        self.scroll_to("phone")
        self.shot("filled-contact")

        # 4. Submit → 303 → the receipt.
        self.click("button[type=submit]")
        self.wait_for("提交成功")
        receipt_no = d.find_element(By.CLASS_NAME, "receipt-no").text.strip()
        check(re.fullmatch(r"MQ\d{4}-\d{6}", receipt_no), f"odd receipt number {receipt_no!r}")
        self.expect("接下来会怎样", "15 个工作日", "请保存这个链接", "唯一入口")
        check("/receipt" in d.current_url, f"not redirected to the receipt: {d.current_url}")
        check(d.find_element(By.CSS_SELECTOR, "svg.qr").is_displayed(), "no QR code on the receipt")
        self.shot("receipt")
        self.scroll_to("save")
        self.shot("receipt-link")
        tracking_url = d.find_element(By.CSS_SELECTOR, ".link a").get_attribute("href")
        check(tracking_url.startswith(BASE_URL + "/t/"), f"odd tracking link {tracking_url}")
        # The QR code on the screen (as a resident would photograph it) reads back as the tracking link.
        decoded = subprocess.run(["zbarimg", "--raw", "-q", self.last_shot], capture_output=True, text=True).stdout.strip()
        check(decoded == tracking_url, f"the receipt's QR code reads {decoded!r}, not {tracking_url!r}")
        print(f"  filed {receipt_no}")

        # 5. Open the private tracking link.
        d.get(tracking_url)
        self.expect("办理进度", receipt_no, "已提交，等待受理", "已提交")
        check(not d.find_elements(By.NAME, "rating"), "rating form shown before any reply")
        self.fits(320)
        self.shot("tracking-submitted")

        # 6. Staff and the department move it on through the JSON API (curl).
        subprocess.run([os.environ["ADVANCE"], BASE_URL, receipt_no, REPLY], check=True)
        d.get(tracking_url)
        self.expect("已答复，请您评价", "已受理", "已交办至", "已解决（采纳）", REPLY, "请对办理结果评价")
        self.shot("tracking-replied")
        self.scroll_to("replies-h")
        self.shot("reply")

        # 7. Rate it.
        self.click("label[for=rating-satisfied]")
        d.find_element(By.ID, "comment").send_keys(COMMENT)
        self.scroll_to("rate-h")
        self.shot("rating-form")
        self.click(".rate button[type=submit]")
        self.wait_for("感谢您的评价")
        check(d.current_url.endswith("?done=rated"), f"not redirected back to tracking: {d.current_url}")
        # filed through a representative's code: it closes once he has rated too
        self.expect("已答复，待代表评价", "人大代表也评价后本件即办结", "满意", COMMENT)
        check(not d.find_elements(By.NAME, "rating"), "rating form still shown after rating")
        self.scroll_top()
        self.shot("rated")
        self.fits(320)
        self.no_csp_violations()
        print(f"  rated {receipt_no}: awaiting the representative's rating")

        # 8. A code that does not exist (mistyped or torn poster): a friendly page, not an error document.
        d.get(BASE_URL + "/c/nosuchcode234")
        self.expect("没有找到这个二维码", "人大代表联络站")
        self.shot("unknown-code")

        # 9. An activity's code (活动码): the event's card above the same form; what is filed is the activity's.
        opened = subprocess.run([os.environ["ACTIVITY"], BASE_URL, "open"], check=True, stdout=subprocess.PIPE, text=True)
        activity, page = opened.stdout.split()
        d.get(page)
        self.expect("协商议事", "局长·代表面对面：路口交通安全", "地点：联络站二楼议事厅", "周建国", "我要反映", "提交反映")
        self.fits(320)
        self.shot("activity-code")
        self.click("label[for=kind-opinion]")
        Select(d.find_element(By.ID, "category")).select_by_visible_text("交通出行")
        d.find_element(By.ID, "content").send_keys(ACTIVITY_CONTENT)
        d.find_element(By.ID, "name").send_keys("李先生")
        d.find_element(By.ID, "phone").send_keys("13857154321")
        self.click("label[for=consent]")
        self.click("button[type=submit]")
        self.wait_for("提交成功")
        receipt_no = d.find_element(By.CLASS_NAME, "receipt-no").text.strip()
        self.shot("activity-receipt")
        print(f"  filed {receipt_no} through the activity's code")

        # 10. Staff list it as a problem, the department replies, the outcome is published: the public page
        # shows the problem and the reply, never who filed it or what he wrote.
        published = subprocess.run([os.environ["ACTIVITY"], BASE_URL, "publish", activity, receipt_no, ACTIVITY_REPLY],
                                   check=True, stdout=subprocess.PIPE, text=True)
        d.get(published.stdout.strip())
        self.expect("公开成果", "局长·代表面对面：路口交通安全", "问题清单及办理情况", "路口行人绿灯时间过短", ACTIVITY_REPLY)
        body = self.text()
        for private in ("李先生", "13857154321", ACTIVITY_CONTENT[:12], receipt_no):
            check(private not in body, f"[{self.mode}] the published outcome shows {private!r}")
        self.fits(320)
        self.shot("activity-outcome")
        self.no_csp_violations()

    def close(self):
        self.driver.quit()


def main():
    RemoteConnection.set_timeout(60)  # no WebDriver command may hang the run
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` quits the browser
    os.makedirs(SHOTS, exist_ok=True)
    for name in os.listdir(SHOTS):
        if name.startswith(("js-", "nojs-", "failure-")) and name.endswith(".png"):
            os.remove(os.path.join(SHOTS, name))
    for mode in ("js", "nojs"):
        flow = Flow(mode)
        try:
            flow.run()
        except Exception:
            path = os.path.join(SHOTS, f"failure-{mode}.png")
            try:
                flow.driver.save_screenshot(path)
                print(f"  (state at failure saved to {path})", file=sys.stderr)
            except Exception:
                pass
            raise
        finally:
            flow.close()
    print("browser flow passed with JavaScript on and off")


if __name__ == "__main__":
    main()
