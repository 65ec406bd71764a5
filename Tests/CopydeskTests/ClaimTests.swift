@testable import Copydesk
import CopydeskCore
import Foundation
import Logging
import Testing

@Suite("Claims")
struct ClaimTests {
    /// The claims of a text, with its entities, segmented as the pipeline does.
    static func claims(_ text: String) throws -> [Claim] {
        let segmentation = Segmenter.segment(text)
        let entities = EntityRecognizer(model: try EntityTests.model()).entities(in: text, segmentation: segmentation)
        let claims = ClaimStage.claims(in: text, segmentation: segmentation, entities: entities)
        let scalars = Array(text.unicodeScalars)
        func slice(_ m: Mention) -> String { String(String.UnicodeScalarView(scalars[m.start..<m.end])) }
        for claim in claims {
            #expect(slice(claim.content) == claim.content.text)
            if let cue = claim.cue { #expect(slice(cue) == cue.text) }
            if let mention = claim.speaker?.mention { #expect(slice(mention) == mention.text) }
        }
        return claims
    }

    /// "The statement said" is its issuer speaking, named where the statement was introduced; an
    /// institution ("the army") is not the organisation named before it, while "the group" is.
    @Test func aStatementSpeaksForItsIssuerAndTheArmyForItself() throws {
        let claims = try Self.claims("Hamas issued a statement on Monday. \u{201C}We will not accept any deal that does not end the war,\u{201D} "
            + "the statement said.\n\nThe army told reporters that the operation would continue for weeks.\n\n"
            + "The group said that it would respond.")
        #expect(claims.count == 3)
        #expect(claims.first?.speaker?.name == "Hamas", "\(claims.map { $0.speaker?.name ?? "-" })")
        #expect(claims.dropFirst().first?.speaker?.name == "The army")
        #expect(claims.last?.speaker?.name == "Hamas", "a group noun stands for the organisation before it")
    }

    /// A seed file through clean, entities and claims.
    static func seedClaims(_ prefix: String) async throws -> [Claim] {
        let (text, entities) = try await EntityTests.seedEntities(prefix)
        return ClaimStage.claims(in: text, segmentation: Segmenter.segment(text), entities: entities)
    }

    // MARK: Progressives, stances, labelled lines

    @Test(arguments: [
        ("The senator is stressing that her plan will cut the cost of childcare.", "is stressing", "her plan will cut the cost of childcare"),
        ("Many voters are afraid that the plant will close before winter.", "are afraid", "the plant will close before winter"),
        ("Maria Lopez has long said that the border should stay open to trucks.", "has long said", "the border should stay open to trucks"),
        ("The appeals court ruled that the new voting rules were unlawful.", "ruled", "the new voting rules were unlawful"),
        ("Maria Lopez on Tuesday said the crossing would reopen within a week.", "on Tuesday said", "the crossing would reopen within a week"),
        ("The mayor called the closure “a disgrace” for the whole city.", "called", "the closure “a disgrace” for the whole city"),
    ])
    func cuesBeyondTheSimplePast(sentence: String, cue: String, content: String) throws {
        let claims = try Self.claims("Talks resumed on Monday.\n\n" + sentence)
        #expect(claims.count == 1)
        #expect(claims.first?.cue?.text == cue)
        #expect(claims.first?.content.text == content)
    }

    @Test func aParticipialAsideStandsBetweenTheSpeakerAndTheCue() async throws {
        let claims = try Self.claims("Talks resumed on Monday.\n\nMaria Lopez, speaking to farmers in Rafah, said the crossing would reopen soon.")
        #expect(claims.first?.speaker?.name == "Maria Lopez")
        #expect(claims.first?.content.text == "the crossing would reopen soon")
    }

    @Test func aPhoneCallIsNotACue() async throws {
        #expect(try Self.claims("Talks resumed on Monday.\n\nThe mayor called the fire department at noon.").isEmpty)
    }

    @Test func stateAfterAndIsNotACue() async throws {
        let claims = try Self.claims("Talks resumed on Monday.\n\nThe letter says the campaign broke federal and state law by using the images.")
        #expect(claims.first?.content.text == "the campaign broke federal and state law by using the images")
    }

    @Test func aPassiveCueIsNotTheSubjectsClaim() async throws {
        #expect(try Self.claims("Talks resumed on Monday.\n\nThe war was first declared by the president in 1971.").isEmpty)
    }

    @Test func aTranscriptLineIsADirectClaimOfItsSpeaker() async throws {
        let text = "Debate transcript\n\nMike Pence and Tim Kaine met in Virginia.\n\nPENCE: Well, the question really should be why the campaign invited him.\n\nNote: this transcript was edited for length and clarity."
        let claims = try Self.claims(text)
        #expect(claims.count == 1)
        let claim = try #require(claims.first)
        #expect(claim.kind == .direct)
        #expect(claim.content.text.hasPrefix("Well, the question"))
        #expect(claim.speaker?.mention?.text == "PENCE")
    }

    @Test func aLabelledHeadlineIsTheLabelsClaim() async throws {
        let claims = try Self.claims("Poll: Clinton and Trump in dead heat before the debate\n\nThe race has tightened.")
        #expect(claims.count == 1)
        #expect(claims.first?.speaker?.mention?.text == "Poll")
        #expect(claims.first?.content.text == "Clinton and Trump in dead heat before the debate")
    }

    // MARK: Direct quotations

    @Test func splitQuotationIsOneDirectClaim() async throws {
        let claims = try Self.claims("“The talks have stalled,” Maria Lopez said, “and nobody is coming back to the table.”")
        #expect(claims.count == 1)
        let claim = try #require(claims.first)
        #expect(claim.kind == .direct)
        #expect(claim.content.text.hasPrefix("The talks have stalled"))
        #expect(claim.content.text.hasSuffix("back to the table"))
        #expect(claim.speaker?.name == "Maria Lopez")
        #expect(claim.speaker?.resolution == .explicit)
        #expect(claim.cue?.text == "said")
    }

    @Test(arguments: [
        "“The talks have stalled,” Maria Lopez said, referring to the ceasefire plan, “and nobody is coming back to the table.”",
        "“The talks have stalled,” Maria Lopez told reporters on Wednesday, “and nobody is coming back to the table.”",
        "“The talks have stalled,” Maria Lopez said during a rally in Kenansville, N.C., “and nobody is coming back to the table.”",
        "“The talks have stalled,” Maria Lopez said, but “nobody is coming back to the table.”",
    ])
    func splitQuotationAroundAnAsideIsOneClaim(sentence: String) throws {
        let claims = try Self.claims(sentence)
        #expect(claims.count == 1)
        #expect(claims.first?.content.text.hasPrefix("The talks have stalled") == true)
        #expect(claims.first?.content.text.hasSuffix("back to the table") == true)
        #expect(claims.first?.speaker?.name == "Maria Lopez")
    }

    @Test func aWeakCueInThePassiveIsNoClaimOfTheSubject() async throws {
        #expect(try Self.claims("Maria Lopez -- a county lawyer -- has been called a charlatan by fellow engineers for her plan.").isEmpty)
        #expect(try Self.claims("Maria Lopez was accused of hiding the cost of the bridge from the county.").isEmpty)
    }

    @Test func aVerbOfTheVoiceBeforeAnObjectIsNoCue() async throws {
        #expect(try Self.claims("The crowd grew, and she became upset, shouting profanities as she hurried to the gate.").isEmpty)
        #expect(try Self.claims("He put it on the table, and the book reads like a thriller.").isEmpty)
    }

    @Test func aParticipleInTheAsideOfASplitQuotationLeavesItWhole() async throws {
        let claims = try Self.claims("“The talks have stalled,” Maria Lopez said, speaking of the ceasefire plan. “Nobody is coming back to the table.”")
        #expect(claims.count == 2)
        #expect(claims.first?.content.text.hasPrefix("The talks have stalled") == true)
        #expect(claims.first?.content.text.hasSuffix("back to the table") == true)
        #expect(claims.last?.cue?.text == "speaking of")
    }

    @Test func aParticipialCueAfterTheSpeakerStartsAClaimOfItsOwn() async throws {
        let claims = try Self.claims("“The talks have stalled,” Maria Lopez said, adding later, “Nobody is coming back to the table.”")
        #expect(claims.map(\.content.text) == ["The talks have stalled", "Nobody is coming back to the table."])
    }

    @Test func anAdjectiveTheListsDoNotKnowOpensTheSpeakerAfterAComma() async throws {
        let claims = try Self.claims("Although the bridge is old, elected officials from both parties say it will stand for decades.")
        #expect(claims.count == 1)
        #expect(claims.first?.speaker?.name == "elected officials from both parties")
        #expect(claims.first?.content.text == "it will stand for decades")
        let afterWhere = try Self.claims("The company filed in Richmond, where restructuring experts say judges move large cases quickly.")
        #expect(afterWhere.first?.speaker?.name == "restructuring experts")
        #expect(afterWhere.first?.content.text == "judges move large cases quickly")
    }

    @Test func aParticipleAfterACommaIsNoPartOfTheSpeaker() async throws {
        let claims = try Self.claims("“We have the money,” he said, cutting off a reporter who asked about the budget.")
        #expect(claims.map(\.content.text) == ["We have the money"])
    }

    @Test func aRelativePronounAfterANounTheListsDoNotKnow() async throws {
        let claims = try Self.claims("The host took calls from listeners who said they had doubts about the plan.")
        #expect(claims.count == 1)
        #expect(claims.first?.content.text == "they had doubts about the plan")
        #expect(claims.first?.speaker?.name == "who")
        #expect(claims.first?.speaker?.resolution == .pronoun)
    }

    @Test(arguments: [
        // A name and its description after a quotation.
        ("“The plan is fiscally responsible,” Maria Lopez, director of the Urban Budget Center and a professor at the state university, said of the proposal.",
         "Maria Lopez", "The plan is fiscally responsible"),
        // A whole noun phrase before "said", though the lists do not know its head.
        ("Experts on river traffic and bridge safety said the crossing could reopen within a week.",
         "Experts on river traffic and bridge safety", "the crossing could reopen within a week"),
        // A document before a verb of findings.
        ("Video of the crossing shows the convoy turning back at the gate.", "Video of the crossing", "the convoy turning back at the gate"),
        ("The road stayed shut, though a 2014 study by the county engineer found the bridge was safe.",
         "a 2014 study by the county engineer", "the bridge was safe"),
        // A document and its author after "according to", and a description that is not content.
        ("Some drivers would pay more under the plan, according to an analysis by Maria Lopez, a former county engineer now teaching at the state university.",
         "an analysis by Maria Lopez", "Some drivers would pay more under the plan"),
        // A document that reads, before or after what it says.
        ("“The bridge will stay shut until the spring,” the letter read.", "the letter", "The bridge will stay shut until the spring"),
        ("The county’s letter reads: “The bridge will stay shut until the spring.”", "The county’s letter", "The bridge will stay shut until the spring."),
        // "put it", set off by a comma.
        ("As Maria Lopez, a county lawyer, recently put it, “The bridge will stay shut until the spring.”",
         "Maria Lopez, a county lawyer", "The bridge will stay shut until the spring."),
        // The cue opening the sentence, before the name.
        ("Said Maria Lopez: “The bridge will stay shut until the spring.”", "Maria Lopez", "The bridge will stay shut until the spring."),
        // A number that is one word ("9/11") before the name.
        ("“The bridge will stay shut until the spring,” said 9/11 widow Maria Lopez.", "9/11 widow Maria Lopez", "The bridge will stay shut until the spring"),
        // A verb of the voice, with a quotation.
        ("“Get away from the bridge!” she yells at the drivers.", "she", "Get away from the bridge"),
        ("Protesters on the bridge chanted “Open the road!”", "Protesters on the bridge", "Open the road!"),
        // The plural of a person noun heads the phrase.
        ("The bridge will stay shut until the spring, attorneys for the county government said.", "attorneys for the county government", "The bridge will stay shut until the spring"),
        // A description between dashes.
        ("Maria Lopez -- a county lawyer who has fought the closure for years -- said the bridge will stay shut.",
         "Maria Lopez", "the bridge will stay shut"),
        // The listener before a quotation.
        ("Maria Lopez told the crowd: “The bridge will stay shut.”", "Maria Lopez", "The bridge will stay shut."),
        // Groups that speak as one: a family, a city, a panel.
        ("The bridge will stay shut until the spring, attorneys for the family said.", "attorneys for the family", "The bridge will stay shut until the spring"),
        // "C, as X said": the clause before "as".
        ("The bridge will stay shut until the spring, as the county officials have said.", "the county officials", "The bridge will stay shut until the spring"),
    ])
    func oneClaimWithItsSpeakerAsWritten(sentence: String, speaker: String, content: String) throws {
        let claims = try Self.claims(sentence)
        #expect(claims.count == 1)
        #expect(claims.first?.speaker?.mention?.text == speaker)
        #expect(claims.first?.content.text == content)
    }

    @Test func aFindingVerbWithoutADocumentIsNoClaim() async throws {
        #expect(try Self.claims("Divers from the nearby town found the missing boat near the old pier.").isEmpty)
    }

    @Test func aContractedNegationIsNoClaim() async throws {
        #expect(try Self.claims("The minister and his aides haven't said much about how the crossing will reopen.").isEmpty)
    }

    @Test func aRelativeIsNotTheRunningSpeaker() async throws {
        let claims = try Self.claims("John Miller visited the camp on Monday. “We live in a kingdom of our own,” my father often said.")
        #expect(claims.count == 1)
        #expect(claims.first?.speaker?.name == "my father")
        #expect(claims.first?.speaker?.entity == nil)
    }

    @Test func doubledApostrophesAreQuotationMarks() async throws {
        let claims = try Self.claims("''The plan is fiscally responsible,'' Maria Lopez said. ''It does not make our problems worse.''")
        // The quotation after the attribution goes on with it, as with curly marks.
        #expect(claims.count == 1)
        #expect(claims.first?.content.text.hasPrefix("The plan is fiscally responsible,''") == true)
        #expect(claims.first?.content.text.hasSuffix("It does not make our problems worse") == true)
        #expect(claims.first?.speaker?.name == "Maria Lopez")
        #expect(claims.first?.kind == .direct)
    }

    @Test func quotationOverSeveralParagraphsIsOneClaim() async throws {
        let text = "Maria Lopez said: “The convoy waited for three days at the crossing.\n\n“Then the drivers turned back because nobody would let them through.”"
        let claims = try Self.claims(text)
        #expect(claims.count == 1)
        #expect(claims.first?.content.text.contains("convoy waited") == true)
        #expect(claims.first?.content.text.contains("drivers turned back") == true)
        #expect(claims.first?.kind == .direct)
    }

    @Test func aClosingMarkThatOpensAParagraphOpensTheQuotation() async throws {
        let claims = try Self.claims("Readers wrote in.\n\n”I am afraid the bridge will never reopen. It has been shut for years.” ― Maria Lopez")
        #expect(claims.count == 1)
        #expect(claims.first?.content.text == "I am afraid the bridge will never reopen. It has been shut for years.")
        #expect(claims.first?.speaker?.name == "Maria Lopez")
    }

    @Test func nestedSingleMarksStayInsideTheQuotation() async throws {
        let claims = try Self.claims("Maria Lopez visited the camp. “They called it a ‘pause’ and nothing more,” she said.")
        #expect(claims.count == 1)
        #expect(claims.first?.content.text == "They called it a ‘pause’ and nothing more")
        #expect(claims.first?.kind == .direct)
    }

    @Test func aStraightMarkClosesCurlyOneWhenNothingIsNestedInside() async throws {
        let text = "The mayor said there was “no evidence\" yet of a bomb.\n\n\"We do not see a link to terrorism,\" the mayor said."
        let claims = try Self.claims(text)
        #expect(claims.map(\.content.text) == ["there was “no evidence\" yet of a bomb", "We do not see a link to terrorism"])
    }

    @Test func aStrayStraightMarkIsNotContinuedByACurlyOne() async throws {
        let text = "\"Maria Lopez thought the whole thing was outrageous.\n\n“It never crossed my mind,” she said."
        let claims = try Self.claims(text)
        #expect(claims.last?.content.text == "It never crossed my mind")
        #expect(claims.last?.speaker?.mention?.text == "she")
    }

    @Test func apostrophesAndScareQuotesAreNotQuotations() async throws {
        let claims = try Self.claims("The ‘Israeli’ army’s tanks didn’t move on Friday, and the city’s markets stayed shut.")
        #expect(claims.isEmpty)
    }

    @Test func straightMarksAndTrailingVerbSubject() async throws {
        let claims = try Self.claims("\"We will rebuild every school,\" said John Miller.")
        #expect(claims.count == 1)
        #expect(claims.first?.speaker?.name == "John Miller")
        #expect(claims.first?.content.text == "We will rebuild every school")
    }

    // MARK: Reported speech

    @Test(arguments: [
        "Police chief John Miller said the road would reopen on Monday.",
        "Police chief John Miller said on Friday that the road would reopen on Monday.",
        "The road would reopen on Monday, John Miller said.",
        "The road would reopen on Monday, said John Miller.",
        "The road would reopen on Monday, according to John Miller.",
    ])
    func indirectSpeechInEveryOrder(sentence: String) throws {
        #expect(try Self.theRoadClaimOfJohnMiller(in: sentence).kind == .indirect)
    }

    /// The one claim of a sentence in which John Miller says the road would reopen on Monday: its
    /// content is that and nothing of the speaker's description.
    static func theRoadClaimOfJohnMiller(in sentence: String) throws -> Claim {
        let claims = try Self.claims(sentence)
        #expect(claims.count == 1, "\(claims)")
        let claim = try #require(claims.first)
        #expect(claim.content.text.lowercased().hasPrefix("the road would reopen on monday"), "\(claim.content.text)")
        #expect(!claim.content.text.contains("Miller") && !claim.content.text.contains("engineer"))
        #expect(claim.speaker?.name == "John Miller")
        return claim
    }

    @Test(arguments: [
        // A name in apposition after a role the lists do not know.
        "A lawyer for the regional water board, John Miller, said the road would reopen on Monday.",
        // A name, then a role in apposition.
        "John Miller, director of the Institute for Road Safety at the state university’s law school, said the road would reopen on Monday.",
        // A stance adverb between the speaker and the verb, and a raising verb before it.
        "John Miller apparently believed the road would reopen on Monday.",
        "John Miller appeared to suggest that the road would reopen on Monday.",
        // An inverted speaker with an apposition, which is not what was said.
        "The road would reopen on Monday, said John Miller, a longtime engineer with the county.",
        // A party and state after the name.
        "“The road would reopen on Monday,” Senator John Miller, R-Ky., said Tuesday.",
        // An age between commas.
        "“The road would reopen on Monday,” John Miller, 58, said.",
        // Lowercase words before a title and name, right after the quotation.
        "“The road would reopen on Monday,” retired Army General John Miller said.",
        // A party and state with two letters after the hyphen.
        "Senator John Miller (R-S.C.) said the road would reopen on Monday.",
        // A title in an opening adverbial is not what was said.
        "In an interview on the “Morning Road Show,” John Miller said the road would reopen on Monday.",
        // After a verb that takes a listener, the listener is not what was said.
        "The road would reopen on Monday, John Miller told The Huffington Post on Thursday.",
        // A relative clause holding a plural possessive ("drivers' families").
        "John Miller, who speaks for the drivers' families, said the road would reopen on Monday.",
    ])
    func speakerPhrasesAroundTheCue(sentence: String) throws {
        _ = try Self.theRoadClaimOfJohnMiller(in: sentence)
    }

    @Test func aClauseAfterTheCueIsNotAnInvertedSpeaker() async throws {
        // ", said no immediate decision had been made": "no immediate decision" opens a clause.
        let claims = try Self.claims("A lawyer for the news outlets, David Schulz, said no immediate decision had been made about an appeal.")
        let claim = try #require(claims.first)
        #expect(claim.speaker?.name == "David Schulz")
        #expect(claim.content.text.hasPrefix("no immediate decision had been made"))
        // "that" after a clause's own verb is a relative pronoun, not the start of the content.
        let relative = try #require(try Self.claims("John Miller said officials are holding a video that shows the explosion.").first)
        #expect(relative.content.text == "officials are holding a video that shows the explosion")
    }

    @Test func contentEndsBeforeAConcessionOrANewAttribution() async throws {
        let concession = try #require(try Self.claims("John Miller claimed that the bridge was safe, although he refused to release the inspection report.").first)
        #expect(concession.content.text == "the bridge was safe")
        let coordinated = try Self.claims("John Miller says the bridge is safe and said he would publish the report.")
        #expect(coordinated.first?.content.text == "the bridge is safe")
        let newSpeaker = try Self.claims("Republicans said the inquiry was mishandled and Democrats accused the committee of stoking the issue.")
        #expect(newSpeaker.first?.content.text == "the inquiry was mishandled")
        let unknownSpeaker = try Self.claims("The mayor said the bridge was safe, and road safety groups warned that it needed repairs.")
        #expect(unknownSpeaker.map(\.content.text) == ["the bridge was safe", "it needed repairs"])
        #expect(unknownSpeaker.last?.speaker?.name == "road safety groups")
    }

    @Test func aSubjectSetOffByAnAsideBeforeTheCue() async throws {
        let claims = try Self.claims("Mayor Maria Lopez, at a later press briefing, said, “The bridge will reopen on Monday.”")
        #expect(claims.count == 1)
        #expect(claims.first?.speaker?.name == "Maria Lopez")
    }

    @Test func nounsThatLookLikeCuesAreNotCues() async throws {
        #expect(try Self.claims("Twenty-seven states led by West Virginia are challenging the rules in court.").isEmpty)
        #expect(try Self.claims("People would enroll, receive training and then state and local leaders could call on them.").isEmpty)
        // "But when …, X said enough": a scene-setting clause after a conjunction is not content.
        #expect(try Self.claims("But when Congress cut funding for the pilot program two years later, Mexico said enough.").isEmpty)
    }

    @Test func contentOpeningOnAnAdverbialIsStillContent() async throws {
        let claims = try Self.claims("After some delays, the repairs on the bridge have met every standard, one county official said.")
        let claim = try #require(claims.first)
        #expect(claim.content.text.hasPrefix("After some delays, the repairs"))
        #expect(claim.speaker?.name == "one county official")
        // The scene-setting clause alone is not what was said.
        let scene = try Self.claims("As a phone rang, the announcer said, “The polls are now closed across the state.”")
        #expect(scene.first?.content.text.hasPrefix("The polls are now closed") == true)
    }

    @Test func parentheticalAttributionJoinsBothParts() async throws {
        let claims = try Self.claims("John Miller spoke to reporters. The road, he added, will reopen on Monday after repairs.")
        let claim = try #require(claims.last)
        #expect(claim.content.text.hasPrefix("The road"))
        #expect(claim.content.text.hasSuffix("after repairs"))
        #expect(claim.speaker?.name == "John Miller")
        #expect(claim.speaker?.resolution == .pronoun)
        #expect(claim.speaker?.mention?.text == "he")
        // The second part ends before a concession, as content after a cue does.
        let conceded = try Self.claims("The latest test, the ministry said, was its biggest yet, although it may take days to measure it.")
        #expect(conceded.first?.content.text == "The latest test, the ministry said, was its biggest yet")
    }

    @Test func participialCueTakesTheSentenceSubject() async throws {
        let claims = try Self.claims("John Miller visited the site on Friday, saying the road would reopen within a week.")
        let claim = try #require(claims.first { $0.cue?.text == "saying" })
        #expect(claim.content.text == "the road would reopen within a week")
        #expect(claim.speaker?.name == "John Miller")
    }

    @Test func colonIntroducesTheNextParagraph() async throws {
        let claims = try Self.claims("In a statement, the city council said:\n\nThe road will reopen on Monday after repairs.")
        #expect(claims.count == 1)
        #expect(claims.first?.content.text == "The road will reopen on Monday after repairs.")
        #expect(claims.first?.speaker?.mention?.text == "the city council")
    }

    @Test func headlineAttribution() async throws {
        let claims = try Self.claims("Hamas says Israel obstructing truce talks\n\nThe talks resumed in Cairo on Sunday.")
        #expect(claims.count == 1)
        #expect(claims.first?.speaker?.name == "Hamas")
        #expect(claims.first?.content.text == "Israel obstructing truce talks")
    }

    @Test func quotedFragmentMakesAMixedClaim() async throws {
        let claims = try Self.claims("John Miller said the closure was “a disaster for everyone” in the town.")
        #expect(claims.first?.kind == .mixed)
        #expect(claims.first?.content.text == "the closure was “a disaster for everyone” in the town")
    }

    @Test func multiWordCues() async throws {
        let claims = try Self.claims("The ministry said in a statement that the border would stay closed. John Miller told reporters the road was safe.")
        #expect(claims.map { $0.cue?.text } == ["said in a statement", "told reporters"])
    }

    // MARK: Speakers

    @Test func roleNounResolvesToTheRunningSpeaker() async throws {
        let claims = try Self.claims("Aid chief Sarah Cole said supplies were running low. The aid official said trucks were waiting at the border.")
        #expect(claims.count == 2)
        #expect(claims.last?.speaker?.name == "Sarah Cole")
        #expect(claims.last?.speaker?.resolution == .nominal)
        #expect(claims.last?.speaker?.mention?.text == "The aid official")
    }

    @Test func aNameInsideAQuotationIsNoAntecedent() async throws {
        let claims = try Self.claims("Maria Lopez visited the camp. “I love John Miller,” she said, “but the talks have stalled.”")
        #expect(claims.count == 1)
        #expect(claims.first?.speaker?.name == "Maria Lopez")
    }

    @Test func theWriterSpeaksAsIOrWe() async throws {
        let claims = try Self.claims("My mother asked me about the bridge. I laughed and said, “The bridge will never reopen.” We argued that the road was safer.")
        #expect(claims.map { $0.speaker?.name } == ["I", "We"])
        #expect(claims.allSatisfy { $0.speaker?.entity == nil && $0.speaker?.resolution == .pronoun })
    }

    @Test func aPluralWithoutAnSIsNeverHeOrShe() async throws {
        let claims = try Self.claims("Maria Lopez said the bridge was shut. Police said the road was open. “Get away from the bridge,” she yells.")
        #expect(claims.count == 3)
        #expect(claims.last?.speaker?.name == "Maria Lopez")
    }

    @Test func quotationStandingAloneInheritsTheRunningSpeaker() async throws {
        let claims = try Self.claims("“The road is closed,” John Miller said on Friday.\n\n“It will stay closed until the spring thaw.”")
        #expect(claims.count == 2)
        #expect(claims.last?.speaker?.name == "John Miller")
        #expect(claims.last?.speaker?.resolution == .context)
        // The mention is the one that named the running speaker.
        #expect(claims.last?.speaker?.mention == claims.first?.speaker?.mention)
        #expect(claims.last?.speaker?.mention?.text == "John Miller")
    }

    @Test func unknownGroupsAreKeptAsWritten() async throws {
        let claims = try Self.claims("Senior officials said the talks had collapsed.")
        #expect(claims.first?.speaker?.name == "Senior officials")
        #expect(claims.first?.speaker?.entity == nil)
    }

    @Test func statementsWithoutASourceAreNotClaims() async throws {
        let claims = try Self.claims("The death toll has reached 300, and more than 1,000 people have been wounded. Rescue teams are still searching.")
        #expect(claims.isEmpty)
    }

    // MARK: Robustness

    /// Texts built from attribution pieces in random order (a fixed generator): unbalanced and
    /// mismatched marks, commas and cues everywhere. Claims must come out with valid offsets, and
    /// the stage must never trap.
    @Test func oddArrangementsNeverBreakTheRules() async throws {
        let pieces = ["“", "”", "\"", "'", "''", "‘", "’", ",", ".", ":", ";", "—", "(", ")", "said", "saying", "according to",
                      "he", "she", "the official", "John Miller", "told reporters", "that", "and", "Hamas", "says",
                      "the road", "would reopen", "?", "\n\n", "added", "A", "an", "who", "in a statement"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<300 {
            let text = (0..<(5 + next(40))).map { _ in pieces[next(pieces.count)] }.joined(separator: next(3) == 0 ? "" : " ")
            for claim in try Self.claims(text) {
                #expect(claim.content.start < claim.content.end, "\(text)")
            }
        }
    }

    // MARK: Seeds

    @Test(arguments: [("001", ["Ismail Haniya", "Hamas"]), ("002", ["Khaled Qaddoumi"]), ("004", ["Hamas", "Osama Hamdan"])])
    func seedSpeakersAreTheNamedOnes(seed: String, speakers: [String]) async throws {
        let claims = try await Self.seedClaims(seed)
        #expect(claims.count >= 10)
        for claim in claims where claim.speaker != nil {
            #expect(speakers.contains(claim.speaker!.name), "seed \(seed) \(claim.id): \(claim.speaker!.name) — \(claim.content.text.prefix(60))")
        }
        // The seeds' pronouns and role nouns ("he said", "the Hamas official") are resolved to the person.
        let person = speakers.first { $0.contains(" ") }!
        #expect(claims.contains { $0.speaker?.name == person && $0.speaker?.resolution == .pronoun || $0.speaker?.resolution == .nominal })
        #expect(!claims.contains { $0.content.text.hasPrefix("The death toll") })
    }

    @Test func seedLedeRoleNounResolvesToTheNamedSource() async throws {
        let claims = try await Self.seedClaims("002")
        let lede = try #require(claims.first { $0.speaker?.mention?.text.hasPrefix("The representative of the Hamas resistance movement") == true })
        #expect(lede.speaker?.name == "Khaled Qaddoumi")
        #expect(lede.speaker?.resolution == .nominal)
    }

    // MARK: The token view the stages share

    /// Clean, entities, then claims, as the pipeline runs them, optionally changing the text between
    /// the entities and claims stages as a plugin may.
    static func runStages(_ text: String, rewrite: ((inout Document) -> Void)? = nil) async throws -> Document {
        var document = Document(id: "x", source: Source(name: "x.txt", bytes: text.utf8.count, format: .text, encoding: "utf-8",
                                                         received: "2026-01-01T00:00:00Z"),
                                input: DecodedInput(format: .text, content: text))
        let context = StageContext(logger: Logger(label: "test"), sequence: 0)
        for stage in [CleanStage(), EntityStage(model: try EntityTests.model())] as [any Stage] {
            guard case .keep(let kept) = try await stage.process(document, context: context) else { throw TestFailure("dropped") }
            document = kept
        }
        rewrite?(&document)
        guard case .keep(let kept) = try await ClaimStage().process(document, context: context) else { throw TestFailure("dropped") }
        return kept
    }

    @Test func theClaimsStageReadsTheEntityStagesTokenViewOnlyWhileItFitsTheText() async throws {
        let first = "“We will not leave,” Ismail Haniya said on Friday."
        let second = "The minister said the talks had failed. “It is over,” she added."
        let shared = try await Self.runStages(first)
        #expect(shared.derived[TokenizedText.self]?.source == shared.text)
        #expect(shared.claims.map(\.content.text) == ["We will not leave"])
        // A stage between rewrites the text: the view left behind is stale and must not be read.
        let rewritten = try await Self.runStages(first) { document in
            document.text = second
            document.segmentation = nil
        }
        let fresh = try await Self.runStages(second)
        #expect(rewritten.claims == fresh.claims)
        #expect(rewritten.claims.map(\.content.text) == ["the talks had failed", "It is over"])
    }

    @Test func everyLexiconWordHasItsKindAndOtherWordsNone() async {
        func kinds(_ word: String) -> WordKinds { WordKinds.table[word] ?? [] }
        let lexicons: [(WordSet, WordKinds)] = [
            (CueLexicon.determiners, .determiner), (CueLexicon.auxiliaries, .auxiliary), (CueLexicon.beForms, .beForm),
            (CueLexicon.copulas, .copula), (CueLexicon.stanceAdjectives, .stanceAdjective), (CueLexicon.clauseWords, .clauseWord),
            (CueLexicon.innerPrepositions, .innerPreposition), (CueLexicon.openers, .opener), (CueLexicon.clauseOpeners, .clauseOpener),
            (CueLexicon.documentNouns, .documentNoun), (CueLexicon.speakerAdjectives, .speakerAdjective),
            (SpeakerPhrase.calendarWords, .calendarWord), (CueLexicon.concessives, .concessive), (CueLexicon.clauseVerbs, .clauseVerb),
            (CueLexicon.personNounForms, .personNoun), (CueLexicon.groupNouns, .groupNoun), (CueLexicon.idiomVerbs, .idiomVerb),
        ]
        for (words, kind) in lexicons {
            for word in words { #expect(kinds(word).contains(kind), "\(word)") }
        }
        for word in CueLexicon.verbs.keys { #expect(kinds(word).contains(.verb), "\(word)") }
        #expect(kinds("said").contains(.verb) && !kinds("said").contains(.determiner))
        #expect(kinds("spokesmen").contains(.personNoun))
        #expect(kinds("he").contains(.pronoun))
        #expect(kinds("haniya").isEmpty)
        #expect(kinds("Said").isEmpty, "the table holds lowercased words")
        // Punctuation kinds: a semicolon ends what was said, a comma only a clause, a hyphen is no dash.
        #expect(kinds(";").isSuperset(of: [.clausePunctuation, .contentBreak, .asideBreak]))
        #expect(kinds(",").contains(.clausePunctuation) && !kinds(",").contains(.contentBreak))
        #expect(kinds("—").isSuperset(of: [.dash, .contentBreak]) && !kinds("-").contains(.dash))
        #expect(kinds("(").contains(.asideBreak) && !kinds("(").contains(.contentBreak))
    }

    @Test func inspectShowsSpeakerCueAndContent() async throws {
        let result = try await CommandRunner.copydesk(["inspect", try TestPaths.seed("004").path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Osama Hamdan (explicit) — said — Hamas has shown"))
    }
}
