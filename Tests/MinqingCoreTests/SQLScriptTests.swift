import Testing

@testable import MinqingCore

@Suite struct SQLScriptTests {
    @Test func statementsAreSplitOnSemicolonsOutsideQuotesCommentsAndBodies() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE a (t text DEFAULT 'x;y', "odd;name" int);
            /* block; comment */ INSERT INTO a VALUES ('it''s; fine', 1);
            CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
            SELECT $$a;b$$;
            -- trailing comment only
            """
        let statements = SQLScript.statements(in: sql)
        #expect(statements.count == 4)
        #expect(statements[0].hasSuffix("\"odd;name\" int)"))
        #expect(statements[1].contains("'it''s; fine'"))
        #expect(statements[2].contains("$body$ SELECT 1; $body$"))
        #expect(statements[3] == "SELECT $$a;b$$")
    }

    @Test func positionalParametersAreNotDollarTags() {
        #expect(SQLScript.statements(in: "SELECT $1; SELECT 2").count == 2)
    }
}
