import Foundation
import MinqingRules
import Testing

@Suite struct SimilarityTests {
    @Test func rarerTermsWeighMoreUpToThePostingsCap() {
        #expect(Similarity.weight(itemsWithTerm: 1) > Similarity.weight(itemsWithTerm: 3))
        #expect(Similarity.weight(itemsWithTerm: 3) > Similarity.weight(itemsWithTerm: 3000))
        // a term in more items than the postings cap weighs as one in exactly that many
        let cap = Similarity.postingsPerTerm
        #expect(Similarity.weight(itemsWithTerm: cap) == Similarity.weight(itemsWithTerm: cap * 50))
        #expect(Similarity.weight(itemsWithTerm: cap - 1) > Similarity.weight(itemsWithTerm: cap))
        #expect(Similarity.weight(itemsWithTerm: -5) == Similarity.weight(itemsWithTerm: 0))
    }

    @Test func aNearDuplicateScoresAboveALongItemThatMentionsTheTerms() {
        let duplicate = Similarity.score(
            sharedWeight: 2, ownWeight: 2, sharedTerms: 4, candidateTerms: 4, sameCategory: true, sameStation: false)
        let long = Similarity.score(
            sharedWeight: 2, ownWeight: 2, sharedTerms: 4, candidateTerms: 40, sameCategory: true, sameStation: false)
        #expect(duplicate > long && abs(duplicate - 1.1) < 1e-9)
        #expect(
            Similarity.score(sharedWeight: 0, ownWeight: 2, sharedTerms: 0, candidateTerms: 4, sameCategory: true, sameStation: true) == 0)
    }
}
