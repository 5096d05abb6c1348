import Foundation
import HTTPTypes
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// The resident pages behind the QR code: each page and state, rendered by the real router on a real database.
@Suite(.timeLimit(.minutes(2))) struct PagesTests {
    // MARK: - The code page

    @Test func codePageShowsTheCardAndAnAccessibleForm() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let browser = PageBrowser(client)
            let page = try await browser.get("/c/\(f.code)")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.html.contains(#"<html lang="zh-CN">"#))
            #expect(page.html.contains(#"name="viewport""#))
            // The card: name, level in Chinese, station, bio.
            #expect(page.html.contains("王芳"))
            #expect(page.html.contains("区县人大代表"))
            #expect(page.html.contains("江南社区联络站"))
            #expect(page.html.contains("关注学位供给"))
            // The form: the five kinds, the categories, every field labelled.
            for kind in ["意见", "建议", "投诉", "求助", "咨询"] { #expect(page.html.contains("<span>\(kind)</span>")) }
            #expect(page.html.contains(#"<option value="urban_rural_construction">城乡建设</option>"#))
            #expect(page.html.contains(#"<option value="other">其他</option>"#))
            for id in ["category", "content", "address", "name", "phone", "anonymous", "consent"] {
                #expect(page.html.contains(#"<label for="\#(id)""#), "no label for \(id)")
                #expect(page.html.contains(#"id="\#(id)""#))
            }
            for kind in SubmissionKind.allCases {
                #expect(page.html.contains(#"<label class="choice" for="kind-\#(kind.rawValue)">"#))
            }
            #expect(page.html.contains("匿名反映"))
            #expect(page.html.contains("留手机号码时必选"))
            #expect(page.html.contains(#"maxlength="2000""#))
            #expect(page.html.contains("已输入 0 字，最多 2000 字"))
            // Works without JavaScript: a plain POST form with a CSRF token and a form key.
            #expect(page.html.contains(#"<form method="post" action="/c/\#(f.code)""#))
            #expect((page.input("csrf") ?? "").count >= 40)
            #expect((page.input("form_key") ?? "").count >= 40)
            #expect(page.csrfCookie != nil)
            let cookieLine = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("mq_csrf=") })
            #expect(cookieLine.contains("HttpOnly") && cookieLine.contains("SameSite=Lax"))
            // Assets only from this origin, no inline script or style.
            #expect(page.html.contains(#"<link rel="stylesheet" href="/assets/site.css?v="#))
            #expect(page.html.contains(#"<script src="/assets/site.js?v="#))
            #expect(!page.html.contains("<script>") && !page.html.contains("<style") && !page.html.contains("style="))
            #expect(!page.html.contains("http://") && !page.html.contains("https://"))
            _ = services
        }
    }

    @Test func pagesSendAStrictContentSecurityPolicy() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let browser = PageBrowser(client)
            let (_, filed) = try await browser.fileThroughPage(f.code, PageFixtures.validFields())
            let token = try #require(PageFixtures.token(fromReceipt: filed.location))
            for path in ["/c/\(f.code)", "/c/unknown-code", "/t/\(token)", "/t/\(token)/receipt", "/t/nope"] {
                let page = try await browser.get(path)
                let csp = try #require(page.csp, "no CSP on \(path)")
                #expect(csp.contains("default-src 'self'"))
                #expect(csp.contains("script-src 'self'"))
                #expect(csp.contains("style-src 'self'"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(csp.contains("form-action 'self'"))
                #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"))
                #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(page.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test func aPageViewCountsAsAScan() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let codes = CodeStore(database: services.database, logger: services.logger)
            #expect(try await codes.stats(f.code).total == 0)
            let browser = PageBrowser(client)
            _ = try await browser.get("/c/\(f.code)")
            _ = try await browser.get("/c/\(f.code)")
            #expect(try await services.scans.flush(to: codes) == 2)
            #expect(try await codes.stats(f.code).total == 2)
            // Posting the form is not a second scan.
            _ = try await browser.post("/c/\(f.code)", [("csrf", "x")])
            #expect(try await services.scans.flush(to: codes) == 0)
            #expect(try await codes.stats(f.code).total == 2)
        }
    }

    @Test func aStationCodeShowsTheStation() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let code = try await CodeStore(database: services.database, logger: services.logger)
                .issue(kind: .station, targetID: f.registry.stationA.id, now: Date())
            let page = try await PageBrowser(client).get("/c/\(code.code)")
            #expect(page.status == .ok)
            #expect(page.html.contains(#"<h1 id="who">江南社区联络站</h1>"#))
            #expect(page.html.contains("人大代表联络站"))
        }
    }

    @Test func aPhotoIsAllowedFromItsOriginOnly() async throws {
        try await APITestHarness.withLoop { client, f, services in
            _ = try await RepresentativeStore(database: services.database, logger: services.logger).update(
                f.registry.representativeA.id, .init(photoURL: "https://photos.example.gov.cn/reps/wang.jpg"), now: Date()
            )
            let page = try await PageBrowser(client).get("/c/\(f.code)")
            #expect(page.html.contains(#"<img class="photo" src="https://photos.example.gov.cn/reps/wang.jpg""#))
            #expect(page.csp?.contains("img-src 'self' data: https://photos.example.gov.cn;") == true)
        }
    }

    @Test func unknownCodeIsAFriendly404() async throws {
        try await APITestHarness.withLoop { client, _, _ in
            let page = try await PageBrowser(client).get("/c/doesnotexist1")
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.html.contains("没有找到这个二维码"))
            #expect(page.html.contains(#"lang="zh-CN""#))
        }
    }

    @Test func revokedCodeIsA410WithTheStationPhone() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let browser = PageBrowser(client)
            let form = try await browser.get("/c/\(f.code)")
            #expect(try await client.call(.post, "/v1/codes/\(f.code)/revoke", token: f.admin).status == .ok)
            let page = try await browser.get("/c/\(f.code)")
            #expect(page.status == .gone)
            #expect(page.html.contains("这个二维码已停用"))
            #expect(page.html.contains("江南社区联络站"))
            #expect(page.html.contains(#"<a href="tel:0571-1111">0571-1111</a>"#) || page.html.contains(#"href="tel:05711111""#))
            // A form opened before the code was withdrawn cannot file any more.
            let posted = try await browser.post(
                "/c/\(f.code)",
                [("csrf", form.input("csrf")!), ("form_key", form.input("form_key")!)]
                    + PageFixtures.validFields())
            #expect(posted.status == .gone)
            #expect(try await PageFixtures.submissionCount(services) == 0)
        }
    }

    // MARK: - Filing

    @Test func aValidFormFilesAndRedirectsToTheReceipt() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let browser = PageBrowser(client)
            let (_, result) = try await browser.fileThroughPage(f.code, PageFixtures.validFields(kind: "complaint"))
            #expect(result.status == .seeOther)
            let token = try #require(PageFixtures.token(fromReceipt: result.location))
            #expect(try await PageFixtures.submissionCount(services) == 1)

            // The same rules as the API: the submission is there, filed through the code, contact sealed and masked.
            let tracking = try await client.call(.get, "/v1/tracking/\(token)")
            #expect(tracking.string("status") == "submitted")
            #expect(tracking.string("kind") == "complaint")
            let list = try await client.call(.get, "/v1/submissions", token: f.admin)
            let id = try #require(list.items.first?["id"] as? String)
            let detail = try await client.call(.get, "/v1/submissions/\(id)", token: f.admin)
            #expect(detail.string("channel") == "code")
            #expect(detail.string("code") == f.code)
            #expect((detail["contact"] as? [String: Any])?["phone"] as? String == "138****5678")
            #expect((detail["location"] as? [String: Any])?["address"] as? String == "江南大道100号")

            let receipt = try await browser.get(result.location!)
            #expect(receipt.status == .ok)
            let receiptNo = try #require(tracking.string("receipt_no"))
            #expect(receipt.html.contains(receiptNo))
            #expect(receipt.html.contains("提交成功"))
            #expect(receipt.html.contains("<strong>5 个工作日</strong>"))  // complaint default
            #expect(receipt.html.contains("接下来会怎样"))
            #expect(receipt.html.contains("请保存这个链接"))
            #expect(receipt.html.contains(">\(services.config.publicBaseURL)/t/\(token)</a>"))
            #expect(receipt.html.contains(#"<svg class="qr" role="img" aria-label="跟踪链接的二维码""#))
            #expect(!receipt.html.contains("<?xml"))
            #expect(receipt.html.contains("城乡建设"))
        }
    }

    @Test func theReceiptStatesTheWorkingDaysOfTheKind() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let browser = PageBrowser(client)
            let (_, result) = try await browser.fileThroughPage(f.code, PageFixtures.validFields(kind: "suggestion"))
            let receipt = try await browser.get(try #require(result.location))
            #expect(receipt.html.contains("<strong>15 个工作日</strong>"))
        }
    }

    @Test func validationErrorsReRenderTheFormWithInputKeptAndChineseMessages() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let browser = PageBrowser(client)
            let (page, result) = try await browser.fileThroughPage(
                f.code,
                [
                    ("kind", "suggestion"), ("category", ""), ("content", "太短"), ("address", "滨江区<b>某处</b>"),
                    ("name", "李四"), ("phone", "12345"),
                ])
            #expect(result.status == .unprocessableContent)
            #expect(try await PageFixtures.submissionCount(services) == 0)
            let html = result.html
            // Each message next to its field, in Chinese, and listed at the top with a link to the field.
            #expect(html.contains(#"<p class="error" id="category-error">请选择类别。</p>"#))
            #expect(html.contains(#"<p class="error" id="content-error">反映内容至少需要 5 个字。</p>"#))
            #expect(html.contains(#"<p class="error" id="phone-error">请填写正确的 11 位手机号码"#))
            #expect(html.contains(#"<p class="error" id="consent-error">留下手机号码时，请勾选同意"#))
            #expect(html.contains(##"<li><a href="#content">反映内容至少需要 5 个字。</a></li>"##))
            #expect(html.contains(#"aria-invalid="true""#))
            // Input kept (escaped), the chosen kind still chosen, the same form key (nothing was filed).
            #expect(html.contains(">太短</textarea>"))
            #expect(html.contains(#"value="滨江区&lt;b&gt;某处&lt;/b&gt;""#))
            #expect(html.contains(#"value="李四""#))
            #expect(html.contains(#"value="12345""#))
            #expect(html.contains(#"value="suggestion" checked"#))
            #expect(!html.contains(#"value="opinion" checked"#))
            #expect(result.input("form_key") == page.input("form_key"))
            #expect(html.contains("已输入 2 字"))
            #expect(!html.contains("must ") && !html.contains("characters"))

            // Fixing the input files with the same form.
            let fixed = try await browser.post(
                "/c/\(f.code)",
                [("csrf", result.input("csrf")!), ("form_key", result.input("form_key")!)]
                    + PageFixtures.validFields(kind: "suggestion"))
            #expect(fixed.status == .seeOther)
            #expect(try await PageFixtures.submissionCount(services) == 1)
        }
    }

    @Test func tooLongContentAndMissingKindAreExplained() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let long = String(repeating: "路", count: 2001)
            let (_, result) = try await PageBrowser(client).fileThroughPage(
                f.code,
                [
                    ("category", "other"), ("content", long),
                ])
            #expect(result.status == .unprocessableContent)
            #expect(result.html.contains("反映内容不能超过 2000 个字。"))
            #expect(result.html.contains(#"<p class="error" id="kind-error">请选择反映类型。</p>"#))
        }
    }

    @Test func consentIsRequiredOnlyWhenAPhoneIsGiven() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let browser = PageBrowser(client)
            let withoutConsent = PageFixtures.validFields().filter { $0.0 != "consent" }
            let (_, refused) = try await browser.fileThroughPage(f.code, withoutConsent)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains(#"id="consent-error""#))
            #expect(try await PageFixtures.submissionCount(services) == 0)

            let anonymous: [(String, String)] = [
                ("kind", "help"), ("category", "elderly_care"),
                ("content", "独居老人需要助餐服务，希望社区食堂送餐上门。"), ("anonymous", "1"),
                ("name", "不会记录"),
            ]
            let (_, filed) = try await browser.fileThroughPage(f.code, anonymous)
            #expect(filed.status == .seeOther, "\(filed.html)")
            let list = try await client.call(.get, "/v1/submissions", token: f.admin)
            let id = try #require(list.items.first?["id"] as? String)
            let detail = try await client.call(.get, "/v1/submissions/\(id)", token: f.admin)
            #expect(detail["anonymous"] as? Bool == true)
            #expect(detail["contact"] == nil)
        }
    }

    @Test func missingOrInvalidCSRFIsForbidden() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let browser = PageBrowser(client)
            let page = try await browser.get("/c/\(f.code)")
            let csrf = try #require(page.input("csrf"))
            let key = try #require(page.input("form_key"))
            let fields = PageFixtures.validFields()
            // No token, a forged token, no cookie, another cookie, another form's token.
            let noToken = try await browser.post("/c/\(f.code)", [("form_key", key)] + fields)
            let forged = try await browser.post("/c/\(f.code)", [("csrf", String(csrf.reversed())), ("form_key", key)] + fields)
            let noCookie = try await browser.post("/c/\(f.code)", [("csrf", csrf), ("form_key", key)] + fields, cookie: .omitted)
            let otherCookie = try await browser.post(
                "/c/\(f.code)", [("csrf", csrf), ("form_key", key)] + fields,
                cookie: .value(SecretToken.make()))
            let other = try await CodeStore(database: services.database, logger: services.logger)
                .issue(kind: .station, targetID: f.registry.stationB.id, now: Date())
            let crossForm = try await browser.post("/c/\(other.code)", [("csrf", csrf), ("form_key", key)] + fields)
            for refused in [noToken, forged, noCookie, otherCookie, crossForm] {
                #expect(refused.status == .forbidden)
                #expect(refused.html.contains("页面已过期"))
            }
            // A JSON body is not a form.
            let json = try await client.call(.post, "/c/\(f.code)", json: ["csrf": csrf])
            #expect(json.status == .forbidden)
            #expect(try await PageFixtures.submissionCount(services) == 0)
            // The evaluation form is protected the same way.
            let (_, filed) = try await browser.fileThroughPage(f.code, fields)
            let token = try #require(PageFixtures.token(fromReceipt: filed.location))
            let evaluation = try await browser.post("/t/\(token)/evaluation", [("rating", "satisfied")])
            #expect(evaluation.status == .forbidden)
        }
    }

    @Test func aDoubleTapFilesOnce() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let browser = PageBrowser(client)
            let page = try await browser.get("/c/\(f.code)")
            let fields = [("csrf", page.input("csrf")!), ("form_key", page.input("form_key")!)] + PageFixtures.validFields()
            // Two taps at once, then a third after the fact (e.g. a reload that re-posts).
            async let first = browser.post("/c/\(f.code)", fields)
            async let second = browser.post("/c/\(f.code)", fields)
            let (a, b) = try await (first, second)
            let c = try await browser.post("/c/\(f.code)", fields)
            for result in [a, b, c] { #expect(result.status == .seeOther) }
            #expect(a.location == b.location && b.location == c.location)
            #expect(try await PageFixtures.submissionCount(services) == 1)

            // The same form posted again with other content (edited after going back) is not filed silently.
            let edited = try await browser.post(
                "/c/\(f.code)",
                [("csrf", page.input("csrf")!), ("form_key", page.input("form_key")!)]
                    + PageFixtures.validFields(content: "另一件事情：公交站台的雨棚坏了。"))
            #expect(edited.status == .conflict)
            #expect(edited.html.contains("这份表单已经提交过一次"))
            #expect(edited.input("form_key") != page.input("form_key"))
            #expect(edited.html.contains("另一件事情"))
            #expect(try await PageFixtures.submissionCount(services) == 1)
        }
    }

    @Test func rateLimitedFilingKeepsTheInput() async throws {
        try await APITestHarness.withLoop(policy: LoopPolicy(intakePerAddressPerMinute: 1, intakePerCodePerMinute: 0)) {
            client, f, services in
            try await RateWindow.startWellInsideAMinute()
            let browser = PageBrowser(client)
            let (_, first) = try await browser.fileThroughPage(f.code, PageFixtures.validFields())
            #expect(first.status == .seeOther)
            let (_, second) = try await browser.fileThroughPage(f.code, PageFixtures.validFields(content: "第二件事：楼道灯也坏了。"))
            #expect(second.status == .tooManyRequests)
            #expect(second.headers[.retryAfter] != nil)
            #expect(second.html.contains("提交太频繁了"))
            #expect(second.html.contains("第二件事：楼道灯也坏了。</textarea>"))
            #expect(try await PageFixtures.submissionCount(services) == 1)
        }
    }

    // MARK: - Tracking

    @Test func trackingShowsTheLoopAndTheRatingFormWhileOpen() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let browser = PageBrowser(client)
            let (_, filed) = try await browser.fileThroughPage(f.code, PageFixtures.validFields())
            let token = try #require(PageFixtures.token(fromReceipt: filed.location))

            let submitted = try await browser.get("/t/\(token)")
            #expect(submitted.status == .ok)
            #expect(submitted.html.contains("已提交，等待受理"))
            #expect(submitted.html.contains("<span>已提交</span>"))
            #expect(!submitted.html.contains(#"name="rating""#))
            #expect(submitted.html.contains("投诉"))

            try await PageFixtures.advanceToReplied(client, f, token: token)
            let replied = try await browser.get("/t/\(token)")
            #expect(replied.html.contains("已答复，请您评价"))
            #expect(replied.html.contains("<span>已受理</span>"))
            #expect(replied.html.contains("<span>已交办至市住建局</span>"))
            #expect(replied.html.contains("<span>已答复</span>"))
            #expect(replied.html.contains("<h3>市住建局</h3>"))
            #expect(replied.html.contains("已更换路灯，感谢您的反映。"))
            #expect(replied.html.contains("已解决（采纳）"))
            #expect(replied.html.contains(#"<form method="post" action="/t/\#(token)/evaluation""#))
            for (value, label) in [("satisfied", "满意"), ("basically_satisfied", "基本满意"), ("unsatisfied", "不满意")] {
                #expect(replied.html.contains(#"value="\#(value)"><span>\#(label)</span>"#))
            }
            #expect(replied.html.contains(#"<label for="comment">"#))

            // No choice: 422 with the message and the comment kept.
            let csrf = try #require(replied.input("csrf"))
            let missing = try await browser.post("/t/\(token)/evaluation", [("csrf", csrf), ("comment", "修得很快")])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.html.contains("请选择满意程度。"))
            #expect(missing.html.contains(">修得很快</textarea>"))
            let tooLong = try await browser.post(
                "/t/\(token)/evaluation",
                [("csrf", csrf), ("rating", "satisfied"), ("comment", String(repeating: "好", count: 501))])
            #expect(tooLong.status == .unprocessableContent)
            #expect(tooLong.html.contains("评价意见不能超过 500 个字。"))
            #expect(tooLong.html.contains(#"value="satisfied" checked"#))

            // The representative of the code rated already; the resident's rating settles the round.
            let receiptNo = try #require(try await client.call(.get, "/v1/tracking/\(token)").string("receipt_no"))
            let listed = try await client.call(.get, "/v1/submissions", token: f.representative).items
            let id = try #require(listed.first { $0["receipt_no"] as? String == receiptNo }?["id"] as? String)
            _ = try await client.call(.post, "/v1/submissions/\(id)/evaluation", token: f.representative, json: ["rating": "satisfied"])
            // Rated: 303 back to the tracking page, closed, the rating shown, no form.
            let rated = try await browser.post("/t/\(token)/evaluation", [("csrf", csrf), ("rating", "satisfied"), ("comment", "修得很快")])
            #expect(rated.status == .seeOther)
            #expect(rated.location == "/t/\(token)?done=rated")
            let closed = try await browser.get(rated.location!)
            #expect(closed.html.contains("感谢您的评价"))
            #expect(closed.html.contains(#"<p class="status done">已办结</p>"#))
            #expect(closed.html.contains("<span>已办结</span>"))
            #expect(closed.html.contains("第 1 轮：<strong>满意</strong>——修得很快"))
            #expect(!closed.html.contains(#"name="rating""#))
            let api = try await client.call(.get, "/v1/tracking/\(token)")
            #expect(api.string("status") == "closed")

            // A second tap changes nothing and lands on the same page.
            let again = try await browser.post("/t/\(token)/evaluation", [("csrf", csrf), ("rating", "unsatisfied")])
            #expect(again.status == .seeOther)
            #expect(try await client.call(.get, "/v1/tracking/\(token)").string("status") == "closed")
        }
    }

    /// Filed through a representative's code, the item waits for his rating too: after the resident's, the
    /// page says so and no longer asks the resident.
    @Test func afterTheResidentsRatingThePageWaitsForTheRepresentative() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let browser = PageBrowser(client)
            let (_, filed) = try await browser.fileThroughPage(f.code, PageFixtures.validFields())
            let token = try #require(PageFixtures.token(fromReceipt: filed.location))
            try await PageFixtures.advanceToReplied(client, f, token: token)
            let replied = try await browser.get("/t/\(token)")
            #expect(!replied.html.contains("待代表评价"))
            let csrf = try #require(replied.input("csrf"))
            let rated = try await browser.post("/t/\(token)/evaluation", [("csrf", csrf), ("rating", "satisfied")])
            #expect(rated.status == .seeOther)
            let waiting = try await browser.get(rated.location!)
            #expect(waiting.html.contains("已答复，待代表评价") && waiting.html.contains("人大代表也评价后本件即办结"))
            #expect(!waiting.html.contains("请您评价") && !waiting.html.contains(#"name="rating""#))
            #expect(try await client.call(.get, "/v1/tracking/\(token)").string("status") == "replied")
        }
    }

    @Test func anUnsatisfiedRatingReopens() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let browser = PageBrowser(client)
            let (_, filed) = try await browser.fileThroughPage(f.code, PageFixtures.validFields())
            let token = try #require(PageFixtures.token(fromReceipt: filed.location))
            try await PageFixtures.advanceToReplied(client, f, token: token)
            let page = try await browser.get("/t/\(token)")
            let rated = try await browser.post("/t/\(token)/evaluation", [("csrf", page.input("csrf")!), ("rating", "unsatisfied")])
            #expect(rated.status == .seeOther)
            let reopened = try await browser.get("/t/\(token)")
            #expect(reopened.html.contains("重新办理中"))
            #expect(reopened.html.contains("您表示不满意，已重新办理"))
            #expect(reopened.html.contains("第 1 轮：<strong>不满意</strong>"))
            #expect(!reopened.html.contains(#"name="rating""#))
        }
    }

    @Test func rejectedSubmissionShowsTheReason() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let browser = PageBrowser(client)
            let (_, filed) = try await browser.fileThroughPage(f.code, PageFixtures.validFields())
            let token = try #require(PageFixtures.token(fromReceipt: filed.location))
            let list = try await client.call(.get, "/v1/submissions", token: f.admin)
            let id = try #require(list.items.first?["id"] as? String)
            let rejected = try await client.call(.post, "/v1/submissions/\(id)/reject", token: f.admin, json: ["reason": "属于司法程序事项"])
            #expect(rejected.status == .ok)
            let page = try await browser.get("/t/\(token)")
            #expect(page.html.contains("不予受理：属于司法程序事项"))
            #expect(page.html.contains(#"<p class="status ended">不予受理</p>"#))
        }
    }

    @Test func unknownTrackingTokenIsAFriendly404() async throws {
        try await APITestHarness.withLoop { client, _, _ in
            let browser = PageBrowser(client)
            for path in ["/t/not-a-real-token", "/t/not-a-real-token/receipt"] {
                let page = try await browser.get(path)
                #expect(page.status == .notFound)
                #expect(page.html.contains("没有找到这条办理记录"))
            }
            let post = try await browser.post("/t/not-a-real-token/evaluation", [("rating", "satisfied")])
            #expect(post.status == .forbidden)
        }
    }

    // MARK: - Assets and weight

    @Test func assetsAreServedFromThisOriginAndPagesStayLight() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let browser = PageBrowser(client)
            let page = try await browser.get("/c/\(f.code)")
            let css = try await browser.get("/assets/site.css")
            let js = try await browser.get("/assets/site.js")
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(js.status == .ok && js.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(css.html.contains(".error") && js.html.contains("data-counter"))
            #expect(try await browser.get("/assets/nothing.js").status == .notFound)
            let versioned = try #require(page.html.range(of: #"/assets/site\.css\?v=[0-9a-f]+"#, options: .regularExpression))
            let cached = try await browser.get(String(page.html[versioned]))
            #expect(cached.headers[.cacheControl]?.contains("immutable") == true)
            // Page weight without a photo: HTML + CSS + JS under 50 KB.
            let weight = page.html.utf8.count + css.html.utf8.count + js.html.utf8.count
            #expect(weight < 50_000, "code page weighs \(weight) bytes")

            let (_, filed) = try await browser.fileThroughPage(f.code, PageFixtures.validFields())
            let receipt = try await browser.get(try #require(filed.location))
            #expect(receipt.html.utf8.count + css.html.utf8.count < 50_000)
        }
    }

    // MARK: - Units

    @Test func formBodiesDecodeLikeBrowsersEncode() {
        let body = FormBody("content=%E8%B7%AF%E7%81%AF+%E5%9D%8F%E4%BA%86&anonymous=1&empty=&bad=%ZZ&plus=a%2Bb")
        #expect(body["content"] == "路灯 坏了")
        #expect(body.isChecked("anonymous"))
        #expect(body["empty"] == "")
        #expect(body["bad"] == "%ZZ")
        #expect(body["plus"] == "a+b")
        #expect(body["missing"] == nil && !body.isChecked("consent"))
        let round = FormBody(FormBody.encode([("a b", "x&y=z 中文+")]))
        #expect(round["a b"] == "x&y=z 中文+")
    }

    @Test func csrfTokensAreBoundToSeedAndPurpose() {
        let guardA = CSRFGuard(dataKey: Array(repeating: 1, count: 32), secureCookie: true)
        let guardB = CSRFGuard(dataKey: Array(repeating: 2, count: 32), secureCookie: false)
        let seed = SecretToken.make()
        let token = guardA.token(seed: seed, purpose: "intake:abc")
        #expect(guardA.verify(seed: seed, token: token, purpose: "intake:abc"))
        #expect(!guardA.verify(seed: seed, token: token, purpose: "intake:abd"))
        #expect(!guardA.verify(seed: SecretToken.make(), token: token, purpose: "intake:abc"))
        #expect(!guardB.verify(seed: seed, token: token, purpose: "intake:abc"))
        #expect(!guardA.verify(seed: nil, token: token, purpose: "intake:abc"))
        #expect(!guardA.verify(seed: seed, token: nil, purpose: "intake:abc"))
        #expect(guardA.cookie(seed).hasSuffix("; Secure") && !guardB.cookie(seed).contains("Secure"))
    }

    @Test func fieldErrorsReadAsChinese() {
        #expect(PageText.message(for: .init(field: "content", message: "must not be empty")) == "请填写反映内容。")
        #expect(PageText.message(for: .init(field: "location.address", message: "must be at most 200 characters")) == "地点不能超过 200 个字。")
        #expect(PageText.message(for: .init(field: "contact.name", message: "must not contain control characters")).hasPrefix("姓名含有"))
        #expect(PageText.message(for: .init(field: "category", message: "is not an active category code (GET /v1/categories)")) == "请选择类别。")
    }
}
