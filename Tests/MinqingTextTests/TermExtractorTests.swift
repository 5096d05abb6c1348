import Testing

@testable import MinqingText

/// ICU's words (Debian's libicu, its Chinese dictionary), the user dictionary merged after it, the stop list.
@Suite struct TermExtractorTests {
    let extractor = TermExtractor.standard

    @Test func icuCutsChineseIntoWordsAndDropsPunctuation() {
        #expect(Segmenter.words("审批已经三个月没有进展").map(\.text) == ["审批", "已经", "三个月", "没有", "进展"])
        let mixed = Segmenter.words("噪音严重，KTV 营业到凌晨2点")
        #expect(mixed.map(\.text) == ["噪音", "严重", "KTV", "营业", "到", "凌晨", "2", "点"])
        #expect(
            mixed.map(\.kind) == [.ideographic, .ideographic, .letter, .ideographic, .ideographic, .ideographic, .number, .ideographic])
        #expect(Segmenter.words("").isEmpty && Segmenter.words("，。！").isEmpty)
    }

    @Test func theUserDictionaryMergesDomainTermsICUSplits() {
        let sentences: [(String, [String])] = [
            ("加装电梯审批已经三个月没有进展", ["加装电梯", "审批", "已经", "三个月", "没有", "进展"]),
            ("老旧小区停车难，晚上车没地方停。", ["老旧小区", "停车难", "晚上", "车", "没", "地方", "停"]),
            ("垃圾分类后还是混装混运", ["垃圾分类", "后", "还是", "混", "装", "混", "运"]),
            ("小区门口路灯不亮，希望尽快修好", ["小区", "门口", "路灯不亮", "希望", "尽快", "修好"]),
            ("噪音扰民严重", ["噪音扰民", "严重"]),
        ]
        for (sentence, words) in sentences {
            #expect(extractor.words(sentence) == words, "\(sentence)")
        }
    }

    @Test func termsDropStopWordsSingleCharactersAndNumbersAndCountRepeats() {
        #expect(extractor.terms("加装电梯审批已经三个月没有进展") == ["加装电梯": 1, "审批": 1])
        #expect(extractor.terms("老旧小区停车难，晚上车没地方停。") == ["老旧小区": 1, "停车难": 1, "地方": 1])
        #expect(extractor.terms("噪音扰民！KTV 营业到凌晨2点，噪音扰民严重") == ["噪音扰民": 2, "ktv": 1, "营业": 1, "凌晨": 1, "严重": 1])
        #expect(extractor.terms("希望尽快解决问题，谢谢！").isEmpty)
        #expect(extractor.terms("2026 年 100 号").isEmpty)
    }

    @Test func theLexiconIsLoadedFromTheProjectsDataFiles() {
        #expect(extractor.dictionary.contains("加装电梯") && extractor.dictionary.count > 30)
        #expect(extractor.stopWords.contains("问题") && extractor.stopWords.contains("希望"))
        #expect(extractor.dictionary.isDisjoint(with: extractor.stopWords))
    }
}
