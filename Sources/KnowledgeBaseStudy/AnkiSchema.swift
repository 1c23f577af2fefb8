import Foundation

/// The fixed parts of an Anki schema-11 collection: its tables, its configuration, the two
/// note types kb exports (questions and terms), and the deck list.
enum AnkiSchema {
    static let questionTypeID: Int64 = 1_733_000_000_001
    static let termTypeID: Int64 = 1_733_000_000_002

    static let tables = """
        CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
          ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
          models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL);
        CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
          usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
          flags integer NOT NULL, data text NOT NULL);
        CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
          mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL,
          ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL,
          odue integer NOT NULL, odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
        CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
          ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL);
        CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
        CREATE INDEX ix_notes_usn ON notes (usn);
        CREATE INDEX ix_cards_usn ON cards (usn);
        CREATE INDEX ix_revlog_usn ON revlog (usn);
        CREATE INDEX ix_cards_nid ON cards (nid);
        CREATE INDEX ix_cards_sched ON cards (did, queue, due);
        CREATE INDEX ix_revlog_cid ON revlog (cid);
        CREATE INDEX ix_notes_csum ON notes (csum);
        """

    static func configuration(firstDeck: Int64) -> String {
        json([
            "activeDecks": [firstDeck], "curDeck": firstDeck, "newSpread": 0, "collapseTime": 1200, "timeLim": 0,
            "estTimes": true, "dueCounts": true, "curModel": questionTypeID, "nextPos": 1, "sortType": "noteFld",
            "sortBackwards": false, "addToCur": true, "schedVer": 2,
        ])
    }

    static let css = ".card { font-family: sans-serif; font-size: 20px; text-align: left; color: black; background-color: white; }\n"
        + ".options { margin-top: 0.5em; } .source { color: gray; font-size: 14px; margin-top: 1em; }\n"

    static func noteTypes(modified: Int) -> String {
        let question = noteType(
            id: questionTypeID, name: "kb Question", fields: ["Question", "Options", "Answer", "Explanation", "Source"],
            front: "{{Question}}<div class=options>{{Options}}</div>",
            back: "{{FrontSide}}<hr id=answer>{{Answer}}{{#Explanation}}<div>{{Explanation}}</div>{{/Explanation}}<div class=source>{{Source}}</div>",
            modified: modified)
        let term = noteType(
            id: termTypeID, name: "kb Term", fields: ["Front", "Back", "Source"],
            front: "{{Front}}", back: "{{FrontSide}}<hr id=answer>{{Back}}<div class=source>{{Source}}</div>",
            modified: modified)
        return json([String(questionTypeID): question, String(termTypeID): term])
    }

    private static func noteType(id: Int64, name: String, fields: [String], front: String, back: String, modified: Int) -> [String: Any] {
        [
            "id": id, "name": name, "type": 0, "mod": modified, "usn": -1, "sortf": 0, "did": NSNull(),
            "tmpls": [["name": "Card 1", "ord": 0, "qfmt": front, "afmt": back, "bqfmt": "", "bafmt": "",
                       "did": NSNull(), "bfont": "", "bsize": 0]],
            "flds": fields.enumerated().map { index, field in
                ["name": field, "ord": index, "sticky": false, "rtl": false, "font": "Arial", "size": 20, "media": [String]()] as [String: Any]
            },
            "css": css, "latexPre": "\\documentclass[12pt]{article}\n\\begin{document}\n", "latexPost": "\\end{document}",
            "latexsvg": false, "req": [[0, "any", [0]]], "tags": [String](), "vers": [Int](),
        ]
    }

    static func decks(_ ids: [String: Int64], modified: Int) -> String {
        var decks: [String: Any] = ["1": deck(id: 1, name: "Default", modified: modified)]
        for (name, id) in ids { decks[String(id)] = deck(id: id, name: name, modified: modified) }
        return json(decks)
    }

    private static func deck(id: Int64, name: String, modified: Int) -> [String: Any] {
        ["id": id, "name": name, "mod": modified, "usn": -1, "lrnToday": [0, 0], "revToday": [0, 0], "newToday": [0, 0],
         "timeToday": [0, 0], "collapsed": false, "browserCollapsed": false, "desc": "", "dyn": 0, "conf": 1,
         "extendNew": 0, "extendRev": 0]
    }

    static let deckOptions = json(["1": [
        "id": 1, "name": "Default", "mod": 0, "usn": 0, "maxTaken": 60, "autoplay": true, "timer": 0, "replayq": true, "dyn": false,
        "new": ["bury": false, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0], "order": 1, "perDay": 20] as [String: Any],
        "rev": ["bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200, "hardFactor": 1.2] as [String: Any],
        "lapse": ["delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0] as [String: Any],
    ] as [String: Any]])

    static func json(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// A card's Anki fields, as HTML.
enum AnkiFields {
    /// Question: stem, options, answer, explanation, source. Term: front, back, source.
    static func fields(of card: StudyCard) -> [String] {
        let source = html("\(card.noteTitle) · \(card.notePath) · \(card.key)")
        guard card.kind == .question else {
            let front = card.kind == .longForm ? "\(card.prompt) — which acronym?" : card.prompt
            return [html(front), html(card.answer), source]
        }
        let options = card.options.map { "\(html($0.label))) \(html($0.text))" }.joined(separator: "<br>")
        let answer = card.options.filter(\.correct).map { "\(html($0.label))) \(html($0.text))" }.joined(separator: "<br>")
        var explanation = html(card.explanation)
        let shown = card.links.filter { !card.explanation.contains($0) }
        if !shown.isEmpty {
            explanation += (explanation.isEmpty ? "" : "<br>") + shown.map { "<a href=\"\(html($0))\">\(html($0))</a>" }.joined(separator: "<br>")
        }
        return [html(card.prompt), options, answer, explanation, source]
    }

    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "\n", with: "<br>")
    }

    /// The sort field: the first field without its markup.
    static func plain(_ field: String) -> String {
        field.replacingOccurrences(of: "<br>", with: " ").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Anki recomputes the duplicate checksum on import; a stable stand-in fills the column.
    static func checksum(_ field: String) -> Int64 {
        Int64(StableHash.fnv1a64(plain(field)) >> 32)
    }
}
