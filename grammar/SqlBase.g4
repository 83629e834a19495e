// SqlBase.g4: the one SQL grammar of planck (ANTLR 4).
//
// The structure and the rule/label names follow Apache Spark's SqlBaseParser so that the
// AST builder (parser/) reads like Spark's AstBuilder: `query` = ctes + queryTerm +
// queryOrganization, expressions are expression (AND / OR) > notExpression > predicate >
// valueExpression > primaryExpression, and alternatives carry labels (#functionCall,
// #columnReference, ...) that become visitor methods.
//
// Where this grammar departs from Spark:
//   * Operator chains are flat (`queryTerm`, `expression`, `valueExpression`), not Spark's
//     left-recursive rules, and literals are primaryExpression alternatives: parsing is about
//     twice as fast (see the comment above `expression` and bench/RESULTS.md).
//   * Keywords are case-insensitive through letter fragments (A : [aA]), because ANTLR 4.7.2 has
//     no caseInsensitive option; nothing outside the grammar has to upper-case the input.
//   * A smaller, standard-SQL-like set of reserved words (`reservedKeyword` at the end); every
//     other keyword is in `nonReserved` and usable as an identifier (`date`, `key`, `value`,
//     `first`, `last`, ...; `year` or `day` are not keywords at all). Keeping joins, set
//     operators and clause keywords reserved keeps the grammar SLL-friendly: table aliases
//     never need Spark's strictIdentifier trick.
//   * Numeric literals carry no sign; `-1` is arithmeticUnary(MINUS, 1) and the AST builder folds
//     it. This avoids an ambiguity between a signed literal and unary minus.
//   * Strings use the SQL convention: single quotes, '' escapes a quote, no backslash escapes.
//     "x" is an identifier (like `x`), not a string.
//   * Data types are an identifier with optional integer parameters (DECIMAL(15,2), VARCHAR(25)),
//     as in Spark's primitiveDataType; the AST builder maps the name to a type.
//   * A few SQLite forms used by the sqllogictest corpus: `x IN table`, `x NOT NULL` (postfix),
//     `IN ()` with an empty list, `NOT INDEXED` / `INDEXED BY` after a table name, X'..' blobs,
//     `<<` and `>>`.
//   * Token names that clash with C/C++ macros get a trailing underscore: NULL_, TRUE_, FALSE_.
//   * Element labels avoid names that C++ or ParserRuleContext already use (operator, start,
//     stop, ...): binary operators are `op=`, window frame bounds are `frameStart`/`frameEnd`.

grammar SqlBase;

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

// One statement, optionally followed by semicolons (the shell, tests).
singleStatement
    : statement ';'* EOF
    ;

// A script: statements separated by semicolons; empty statements are allowed.
multipleStatements
    : statement? (';' statement?)* EOF
    ;

// A lone expression, e.g. for tests or a future `planck --eval`.
singleExpression
    : namedExpression EOF
    ;

// A lone data type.
singleDataType
    : dataType EOF
    ;

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

statement
    : query                                                            #statementDefault
    // EXPLAIN [EXTENDED | CODEGEN | COST | FORMATTED | ANALYZE | VERBOSE]... statement
    | EXPLAIN (modes+=(EXTENDED | CODEGEN | COST | FORMATTED | ANALYZE | VERBOSE))*
        statement                                                      #explain
    // EXPLAIN (FORMAT json, ANALYZE true, VERBOSE) statement
    | EXPLAIN '(' explainOption (',' explainOption)* ')' statement     #explainWithOptions
    // SET | SET key | SET key = <raw text up to ';' or end of input>.
    // Like Spark, the AST builder takes the value as the raw input text between EQ and the end
    // of the statement (see configValue), so `10MB`, `-1`, `a,b` all work.
    | SET (key=configKey (EQ value=configValue)?)?                     #setConfiguration
    | RESET key=configKey?                                             #resetConfiguration
    | CREATE TABLE (IF NOT EXISTS)? name=multipartIdentifier
        '(' tableElement (',' tableElement)* ')'                       #createTable
    | CREATE TABLE (IF NOT EXISTS)? name=multipartIdentifier
        columns=identifierList? AS query                               #createTableAsSelect
    | CREATE (OR REPLACE)? (TEMP | TEMPORARY)? VIEW (IF NOT EXISTS)?
        name=multipartIdentifier columns=identifierList? AS query      #createView
    | CREATE UNIQUE? INDEX (IF NOT EXISTS)? name=identifier
        ON table=multipartIdentifier '(' indexColumn (',' indexColumn)* ')'  #createIndex
    | DROP TABLE (IF EXISTS)? name=multipartIdentifier                 #dropTable
    | DROP VIEW (IF EXISTS)? name=multipartIdentifier                  #dropView
    | DROP INDEX (IF EXISTS)? name=multipartIdentifier                 #dropIndex
    // INSERT INTO t [(a, b)] VALUES (..), (..) | INSERT INTO t [(a, b)] SELECT ...
    | INSERT INTO TABLE? name=multipartIdentifier columns=identifierList? query   #insertInto
    | ANALYZE TABLE name=multipartIdentifier COMPUTE STATISTICS
        ( NOSCAN
        | FOR COLUMNS columns+=identifier (',' columns+=identifier)*
        | FOR ALL COLUMNS
        )?                                                             #analyze
    | SHOW TABLES (LIKE? pattern=STRING_LITERAL)?                      #showTables
    | (DESC | DESCRIBE) TABLE? option=(EXTENDED | FORMATTED)?
        name=multipartIdentifier describeColName?                      #describeRelation
    | (DESC | DESCRIBE) QUERY? query                                   #describeQuery
    // COPY t [(a, b)] FROM 'file' [WITH] (DELIMITER '|', HEADER false, ...)
    | COPY name=multipartIdentifier columns=identifierList? direction=(FROM | TO)
        path=STRING_LITERAL (WITH? '(' copyOption (',' copyOption)* ')')?   #copy
    // CALL proc(arg => value, name = value, positional)
    | CALL name=multipartIdentifier '(' (callArgument (',' callArgument)*)? ')'  #call
    ;

// One option of EXPLAIN (...): FORMAT json | ANALYZE | ANALYZE false | VERBOSE true.
explainOption
    : name=identifier value=optionValue?
    ;

// One option of COPY (...): DELIMITER '|' | HEADER | HEADER = false | NULL 'NA' (name is
// unset for NULL, a reserved word).
copyOption
    : (name=identifier | NULL_) EQ? value=optionValue?
    ;

optionValue
    : booleanValue
    | ON
    | MINUS? number
    | STRING_LITERAL
    | identifier
    ;

// A configuration key: dotted words; reserved words are allowed in any part
// (spark.sql.join.preferSortMergeJoin, spark.sql.limit.scaleUpFactor).
configKey
    : configKeyPart ('.' configKeyPart)*
    ;

configKeyPart
    : identifier
    | reservedKeyword
    ;

// The raw value of SET key = value: any tokens up to the next ';' (a ';' inside a quoted string
// is part of a string token). Only the input text matters: the AST builder reads it from the
// character stream, from just after EQ to the statement's stop token, and trims it.
configValue
    : (~';')*
    ;

// A column definition or a table constraint inside CREATE TABLE (...).
tableElement
    : columnDefinition
    | tableConstraint
    ;

columnDefinition
    : name=identifier dataType columnConstraint*
    ;

columnConstraint
    : (CONSTRAINT name=identifier)?
      ( NOT NULL_                                                       // not nullable
      | NULL_                                                           // nullable (the default)
      | PRIMARY KEY ordering=(ASC | DESC)?
      | UNIQUE
      | CHECK '(' expression ')'
      | REFERENCES refTable=multipartIdentifier refColumns=identifierList?
      )
    ;

tableConstraint
    : (CONSTRAINT name=identifier)?
      ( PRIMARY KEY columns=identifierList
      | UNIQUE columns=identifierList
      | FOREIGN KEY columns=identifierList
          REFERENCES refTable=multipartIdentifier refColumns=identifierList?
      | CHECK '(' expression ')'
      )
    ;

indexColumn
    : name=identifier ordering=(ASC | DESC)?
    ;

describeColName
    : nameParts+=identifier ('.' nameParts+=identifier)*
    ;

// An argument of CALL: named with `=>` (Spark) or `=`, or positional. `f(a = 1)` is read as a
// named argument: that alternative comes first.
callArgument
    : name=identifier (FAT_ARROW | EQ) value=expression                 #namedArgument
    | expression                                                        #positionalArgument
    ;

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

// ORDER BY / LIMIT / OFFSET in queryOrganization apply to the whole queryTerm, i.e. to the
// result of a set operation, as in standard SQL.
query
    : ctes? queryTerm queryOrganization
    ;

ctes
    : WITH namedQuery (',' namedQuery)*
    ;

namedQuery
    : name=identifier columnAliases=identifierList? AS? '(' query ')'
    ;

queryOrganization
    : (ORDER BY order+=sortItem (',' order+=sortItem)*)?
      (LIMIT (ALL | limit=expression))?
      (OFFSET offset=expression)?
    ;

// Set operations. INTERSECT comes first, so it binds tighter than UNION / EXCEPT / MINUS
// (standard SQL precedence); all are left-associative.
// A flat chain of set operations; the AST builder applies the precedence (INTERSECT binds
// tighter than UNION and EXCEPT, which are left-associative). Flat for the same reason as
// expressions (see expression): no left recursion, no adaptive prediction per operand.
queryTerm
    : operands+=queryPrimary (operators+=setOperator operands+=queryPrimary)*
    ;

setOperator
    : op=(INTERSECT | UNION | EXCEPT | SETMINUS) setQuantifier?
    ;

queryPrimary
    : querySpecification                                                #queryPrimaryDefault
    | inlineTable                                                       #inlineTableDefault
    | '(' query ')'                                                     #subquery
    ;

querySpecification
    : selectClause
      fromClause?
      whereClause?
      aggregationClause?
      havingClause?
      windowClause?
    ;

// SELECT /*+ BROADCAST(t) */ DISTINCT a, b AS c, t.*
selectClause
    : SELECT (hints+=hint)* setQuantifier? namedExpressionSeq
    ;

// A hint comment: /*+ BROADCAST(t), MERGE(a, b) */. The lexer turns `/*+` into HINT_START,
// so hints are tokens, not comments. Commas between hint statements are optional (Spark).
hint
    : HINT_START hintStatements+=hintStatement (','? hintStatements+=hintStatement)* HINT_END
    ;

hintStatement
    : hintName=identifier
      ('(' parameters+=primaryExpression (',' parameters+=primaryExpression)* ')')?
    ;

fromClause
    : FROM relation (',' relation)*
    ;

whereClause
    : WHERE expression
    ;

havingClause
    : HAVING expression
    ;

// GROUP BY a, ROLLUP(b, c), GROUPING SETS ((a, b), (a), ()) | GROUP BY a, b WITH ROLLUP.
// `WITH ROLLUP | CUBE` is only meaningful after plain expressions; the AST builder checks.
aggregationClause
    : GROUP BY groupingItems+=groupByClause (',' groupingItems+=groupByClause)*
      (WITH kind=(ROLLUP | CUBE))?
    ;

groupByClause
    : groupingAnalytics
    | expression
    ;

groupingAnalytics
    : kind=(ROLLUP | CUBE) '(' groupingSet (',' groupingSet)* ')'
    | kind=GROUPING SETS '(' groupingElement (',' groupingElement)* ')'
    ;

groupingElement
    : groupingAnalytics
    | groupingSet
    ;

// `(a, b)`, `()` or a single expression. `(a, b)` and `(a)` could also be read as one
// parenthesised expression; the first alternative wins, so they are always lists.
groupingSet
    : '(' (expression (',' expression)*)? ')'
    | expression
    ;

// WINDOW w AS (PARTITION BY a ORDER BY b), w2 AS (...)
windowClause
    : WINDOW namedWindow (',' namedWindow)*
    ;

namedWindow
    : name=identifier AS windowSpec
    ;

setQuantifier
    : DISTINCT
    | ALL
    ;

// ---------------------------------------------------------------------------------------------
// Relations (FROM)
// ---------------------------------------------------------------------------------------------

relation
    : relationPrimary joinRelation*
    ;

joinRelation
    : joinType JOIN right=relationPrimary joinCriteria?
    | NATURAL joinType JOIN right=relationPrimary
    ;

// The empty alternative is a plain JOIN (inner).
joinType
    : INNER?
    | CROSS
    | LEFT OUTER?
    | LEFT? SEMI
    | RIGHT OUTER?
    | FULL OUTER?
    | LEFT? ANTI
    ;

joinCriteria
    : ON expression
    | USING identifierList
    ;

relationPrimary
    : multipartIdentifier tableAlias indexHint?                         #tableName
    | '(' query ')' tableAlias                                          #aliasedQuery
    | '(' relation ')' tableAlias                                       #aliasedRelation
    | inlineTable tableAlias                                            #inlineTableRelation
    | functionName '(' (expression (',' expression)*)? ')' tableAlias   #tableValuedFunction
    ;

// SQLite's index hints; accepted and ignored by the planner.
indexHint
    : INDEXED BY name=identifier
    | NOT INDEXED
    ;

// VALUES (1, 'a'), (2, 'b'); each row is parenthesised.
inlineTable
    : VALUES rows+=valuesRow (',' rows+=valuesRow)*
    ;

valuesRow
    : '(' expression (',' expression)* ')'
    ;

// [AS] alias [(col, ...)]; empty when there is no alias.
tableAlias
    : (AS? alias=identifier columnAliases=identifierList?)?
    ;

identifierList
    : '(' identifier (',' identifier)* ')'
    ;

multipartIdentifier
    : parts+=identifier ('.' parts+=identifier)*
    ;

// ---------------------------------------------------------------------------------------------
// Expressions. Precedence, loosest first (as in Spark):
//   OR < AND < NOT < predicate suffixes (BETWEEN, IN, LIKE, IS ..., which apply to a whole
//   valueExpression) < comparison (= <> < ...) < || < | < ^ < & < << >> < + - < * / % DIV
//   < unary - + ~ < primary.   So `NOT a = b AND c` is `(NOT (a = b)) AND c`, and
//   `a + 1 BETWEEN b AND c * 2` is `(a + 1) BETWEEN b AND (c * 2)`.
// ---------------------------------------------------------------------------------------------

// `expr [AS] alias` | `expr AS 'alias'`
namedExpression
    : expression (AS? alias=identifier | AS aliasString=STRING_LITERAL)?
    ;

namedExpressionSeq
    : namedExpression (',' namedExpression)*
    ;


// Expressions are flat operator chains, not Spark's left-recursive rules: `a AND b OR c` is one
// expression with three operands, `a + b * c = d` one valueExpression with four. The AST
// builder applies the precedence and associativity (planck/parser/ast_builder_expressions.cc).
// The parser then decides whether a chain goes on from the next token alone, where a
// left-recursive rule makes ANTLR run an adaptive prediction for every operand; parsing got
// about a third faster (bench/RESULTS.md).

// AND binds tighter than OR. (Spark has `expression : booleanExpression`; one rule less per
// expression here, as every rule level costs the parser a context and two casts.)
expression
    : operands+=notExpression (operators+=(AND | OR) operands+=notExpression)*
    ;

notExpression
    : NOT notExpression                                                 #logicalNot
    | value=valueExpression tail=predicate?                             #predicated
    ;

// The part of a predicate after its left operand (the valueExpression of #predicated).
predicate
    : NOT? BETWEEN lower=valueExpression AND upper=valueExpression      #between
    | NOT? IN '(' query ')'                                             #inSubquery
    | NOT? IN '(' (expression (',' expression)*)? ')'                   #inList
    | NOT? IN table=multipartIdentifier                                 #inTable
    | NOT? op=(LIKE | ILIKE) pattern=valueExpression
        (ESCAPE escapeChar=STRING_LITERAL)?                             #like
    // IS NULL, IS NOT NULL and SQLite's postfix NOT NULL; negated iff NOT is present.
    | (IS NOT? | NOT) NULL_                                             #nullPredicate
    | IS NOT? kind=(TRUE_ | FALSE_ | UNKNOWN)                           #truthPredicate
    | IS NOT? DISTINCT FROM right=valueExpression                       #distinctFrom
    ;

// Binary arithmetic, bitwise, concatenation and comparison operators, left-associative.
valueExpression
    : operands+=primaryExpression (operators+=(ASTERISK | SLASH | PERCENT | DIV | PLUS | MINUS
        | SHIFT_LEFT | SHIFT_RIGHT | AMPERSAND | HAT | PIPE | CONCAT_PIPE
        | EQ | NSEQ | NEQ | NEQJ | LT | LTE | GT | GTE) operands+=primaryExpression)*
    ;

primaryExpression
    : op=(MINUS | PLUS | TILDE) operand=primaryExpression               #arithmeticUnary
    | name=(CURRENT_DATE | CURRENT_TIMESTAMP)                           #currentLike
    | CASE whenClause+ (ELSE elseExpression=expression)? END            #searchedCase
    | CASE value=expression whenClause+
        (ELSE elseExpression=expression)? END                           #simpleCase
    | CAST '(' expression AS dataType ')'                               #cast
    | EXISTS '(' query ')'                                              #exists
    | EXTRACT '(' field=identifier FROM source=valueExpression ')'      #extract
    // Only the FROM form; substring(s, 1, 2) is a plain #functionCall.
    | (SUBSTRING | SUBSTR) '(' str=valueExpression FROM pos=valueExpression
        (FOR len=valueExpression)? ')'                                  #substring
    | POSITION '(' substr=valueExpression IN str=valueExpression ')'    #position
    // Only forms with FROM; trim(s) is a plain #functionCall.
    | TRIM '(' trimOption=(BOTH | LEADING | TRAILING)? trimStr=valueExpression?
        FROM srcStr=valueExpression ')'                                 #trim
    // Literals, inline rather than through a `constant` rule: the commonest leaves of a query
    // then cost one parser context instead of two or three.
    | NULL_                                                             #nullLiteral
    | interval                                                          #intervalLiteral
    | literalType=(DATE | TIMESTAMP) STRING_LITERAL                     #typeConstructor
    | value=(INTEGER_VALUE | DECIMAL_VALUE | EXPONENT_VALUE)            #numericLiteral
    | value=(TRUE_ | FALSE_)                                            #booleanLiteral
    | STRING_LITERAL                                                    #stringLiteral
    | BINARY_HEX                                                        #binaryLiteral
    // `*` alone (SELECT *, count(*)) or qualified (t.*).
    | ASTERISK                                                          #star
    | qualifier=multipartIdentifier '.' ASTERISK                        #star
    | '(' query ')'                                                     #subqueryExpression
    | function=functionName '(' (setQuantifier? argument+=expression (',' argument+=expression)*)? ')'
        (FILTER '(' WHERE where=expression ')')?
        (OVER window=windowSpec)?                                       #functionCall
    // A column, qualified or not: a, t.a, db.t.a.
    | column=multipartIdentifier                                        #columnReference
    // `(a)` is a parenthesised expression; `(a, b)` a row constructor (more than one
    // expression). One alternative, so that no prediction has to look past the first
    // expression to tell them apart.
    | '(' expression (',' expression)* ')'                              #parenthesizedExpression
    ;

booleanValue
    : TRUE_
    | FALSE_
    ;

number
    : EXPONENT_VALUE                                                    #exponentLiteral
    | DECIMAL_VALUE                                                     #decimalLiteral
    | INTEGER_VALUE                                                     #integerLiteral
    ;

// INTERVAL '3' DAY | INTERVAL 3 DAYS | INTERVAL '1' YEAR '2' MONTHS
// | INTERVAL '1-2' YEAR TO MONTH | INTERVAL '3 days'.
// Units are identifiers (DAY, DAYS, MONTH, ...); the AST builder checks them.
interval
    : INTERVAL (values+=intervalValue units+=identifier)+               #multiUnitsInterval
    | INTERVAL value=intervalValue from=identifier TO to=identifier     #unitToUnitInterval
    | INTERVAL STRING_LITERAL                                           #stringInterval
    ;

intervalValue
    : (PLUS | MINUS)? (INTEGER_VALUE | DECIMAL_VALUE | STRING_LITERAL)
    ;

whenClause
    : WHEN condition=expression THEN result=expression
    ;

functionName
    : multipartIdentifier
    | LEFT
    | RIGHT
    | CURRENT_DATE
    | CURRENT_TIMESTAMP
    ;

// OVER w | OVER (w) | OVER ([PARTITION BY ...] [ORDER BY ...] [frame])
windowSpec
    : name=identifier                                                   #windowRef
    | '(' name=identifier ')'                                           #windowRef
    | '('
      (PARTITION BY partition+=expression (',' partition+=expression)*)?
      (ORDER BY sortItem (',' sortItem)*)?
      windowFrame?
      ')'                                                               #windowDef
    ;

windowFrame
    : frameType=(RANGE | ROWS) frameStart=frameBound
    | frameType=(RANGE | ROWS) BETWEEN frameStart=frameBound AND frameEnd=frameBound
    ;

frameBound
    : UNBOUNDED boundType=(PRECEDING | FOLLOWING)
    | boundType=CURRENT ROW
    | expression boundType=(PRECEDING | FOLLOWING)
    ;

sortItem
    : expression ordering=(ASC | DESC)? (NULLS nullOrder=(FIRST | LAST))?
    ;

// BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(15, 2), VARCHAR(25), CHAR(1), DATE, ...
dataType
    : typeName=identifier ('(' params+=INTEGER_VALUE (',' params+=INTEGER_VALUE)* ')')?
    ;

// ---------------------------------------------------------------------------------------------
// Identifiers and keywords
// ---------------------------------------------------------------------------------------------

identifier
    : IDENTIFIER
    | quotedIdentifier
    | nonReserved
    ;

// `x` or "x"; a doubled quote inside stands for one.
quotedIdentifier
    : BACKQUOTED_IDENTIFIER
    | DOUBLEQUOTED_IDENTIFIER
    ;

// Keywords that may be used as identifiers: every keyword except those in reservedKeyword.
nonReserved
    : ANALYZE | ASC | BY | CALL | CODEGEN | COLUMNS | COMPUTE | COPY | COST | CREATE | CURRENT
    | DATE | DESC | DESCRIBE | DROP | ESCAPE | EXPLAIN | EXTENDED | EXTRACT | FILTER
    | FIRST | FOLLOWING | FOR | FORMAT | FORMATTED | GROUPING | IF | INDEX | INDEXED | INSERT
    | KEY | LAST | NOSCAN | NULLS | OUTER | PARTITION | PRECEDING | QUERY | RANGE | REPLACE
    | RESET | ROW | ROWS | SET | SETS | SHOW | STATISTICS | SUBSTR | SUBSTRING | TABLES | TEMP
    | TEMPORARY | TIMESTAMP | TO | TRIM | UNKNOWN | VERBOSE | VIEW
    ;

// Keywords that are never identifiers (quote them to use them as names). Only configKey uses
// this rule, so that any word may appear in a configuration key.
reservedKeyword
    : ALL | AND | ANTI | AS | BETWEEN | BOTH | CASE | CAST | CHECK | CONSTRAINT | CROSS | CUBE
    | CURRENT_DATE | CURRENT_TIMESTAMP | DISTINCT | DIV | ELSE | END | EXCEPT | EXISTS | FALSE_
    | FOREIGN | FROM | FULL | GROUP | HAVING | ILIKE | IN | INNER | INTERSECT | INTERVAL | INTO
    | IS | JOIN | LEADING | LEFT | LIKE | LIMIT | NATURAL | NOT | NULL_ | OFFSET | ON | OR
    | ORDER | OVER | POSITION | PRIMARY | REFERENCES | RIGHT | ROLLUP | SELECT | SEMI | SETMINUS
    | TABLE | THEN | TRAILING | TRUE_ | UNBOUNDED | UNION | UNIQUE | USING | VALUES | WHEN
    | WHERE | WINDOW | WITH
    ;

// =============================================================================================
// Lexer
// =============================================================================================

// Punctuation. Parser rules write these as literals ('(' ',' ...); each literal matches
// exactly one of these rules, so no implicit tokens are created.
SEMICOLON : ';' ;
LEFT_PAREN : '(' ;
RIGHT_PAREN : ')' ;
COMMA : ',' ;
DOT : '.' ;

EQ : '=' | '==' ;
NSEQ : '<=>' ;
NEQ : '<>' ;
NEQJ : '!=' ;
LT : '<' ;
LTE : '<=' ;
GT : '>' ;
GTE : '>=' ;
SHIFT_LEFT : '<<' ;
SHIFT_RIGHT : '>>' ;
FAT_ARROW : '=>' ;

PLUS : '+' ;
MINUS : '-' ;
ASTERISK : '*' ;
SLASH : '/' ;
PERCENT : '%' ;
TILDE : '~' ;
AMPERSAND : '&' ;
PIPE : '|' ;
CONCAT_PIPE : '||' ;
HAT : '^' ;

// `/*+` starts a hint (a plain `/*` starts a comment, see BRACKETED_COMMENT).
HINT_START : '/*+' ;
HINT_END : '*/' ;

// Keywords, alphabetical. Each is matched case-insensitively.
ALL : A L L ;
ANALYZE : A N A L Y Z E ;
AND : A N D ;
ANTI : A N T I ;
AS : A S ;
ASC : A S C ;
BETWEEN : B E T W E E N ;
BOTH : B O T H ;
BY : B Y ;
CALL : C A L L ;
CASE : C A S E ;
CAST : C A S T ;
CHECK : C H E C K ;
CODEGEN : C O D E G E N ;
COLUMNS : C O L U M N S ;
COMPUTE : C O M P U T E ;
CONSTRAINT : C O N S T R A I N T ;
COPY : C O P Y ;
COST : C O S T ;
CREATE : C R E A T E ;
CROSS : C R O S S ;
CUBE : C U B E ;
CURRENT : C U R R E N T ;
CURRENT_DATE : C U R R E N T '_' D A T E ;
CURRENT_TIMESTAMP : C U R R E N T '_' T I M E S T A M P ;
DATE : D A T E ;
DESC : D E S C ;
DESCRIBE : D E S C R I B E ;
DISTINCT : D I S T I N C T ;
DIV : D I V ;
DROP : D R O P ;
ELSE : E L S E ;
END : E N D ;
ESCAPE : E S C A P E ;
EXCEPT : E X C E P T ;
EXISTS : E X I S T S ;
EXPLAIN : E X P L A I N ;
EXTENDED : E X T E N D E D ;
EXTRACT : E X T R A C T ;
FALSE_ : F A L S E ;
FILTER : F I L T E R ;
FIRST : F I R S T ;
FOLLOWING : F O L L O W I N G ;
FOR : F O R ;
FOREIGN : F O R E I G N ;
FORMAT : F O R M A T ;
FORMATTED : F O R M A T T E D ;
FROM : F R O M ;
FULL : F U L L ;
GROUP : G R O U P ;
GROUPING : G R O U P I N G ;
HAVING : H A V I N G ;
IF : I F ;
ILIKE : I L I K E ;
IN : I N ;
INDEX : I N D E X ;
INDEXED : I N D E X E D ;
INNER : I N N E R ;
INSERT : I N S E R T ;
INTERSECT : I N T E R S E C T ;
INTERVAL : I N T E R V A L ;
INTO : I N T O ;
IS : I S ;
JOIN : J O I N ;
KEY : K E Y ;
LAST : L A S T ;
LEADING : L E A D I N G ;
LEFT : L E F T ;
LIKE : L I K E ;
LIMIT : L I M I T ;
NATURAL : N A T U R A L ;
NOSCAN : N O S C A N ;
NOT : N O T ;
NULL_ : N U L L ;
NULLS : N U L L S ;
OFFSET : O F F S E T ;
ON : O N ;
OR : O R ;
ORDER : O R D E R ;
OUTER : O U T E R ;
OVER : O V E R ;
PARTITION : P A R T I T I O N ;
POSITION : P O S I T I O N ;
PRECEDING : P R E C E D I N G ;
PRIMARY : P R I M A R Y ;
QUERY : Q U E R Y ;
RANGE : R A N G E ;
REFERENCES : R E F E R E N C E S ;
REPLACE : R E P L A C E ;
RESET : R E S E T ;
RIGHT : R I G H T ;
ROLLUP : R O L L U P ;
ROW : R O W ;
ROWS : R O W S ;
SELECT : S E L E C T ;
SEMI : S E M I ;
SET : S E T ;
SETMINUS : M I N U S ;
SETS : S E T S ;
SHOW : S H O W ;
STATISTICS : S T A T I S T I C S ;
SUBSTR : S U B S T R ;
SUBSTRING : S U B S T R I N G ;
TABLE : T A B L E ;
TABLES : T A B L E S ;
TEMP : T E M P ;
TEMPORARY : T E M P O R A R Y ;
THEN : T H E N ;
TIMESTAMP : T I M E S T A M P ;
TO : T O ;
TRAILING : T R A I L I N G ;
TRIM : T R I M ;
TRUE_ : T R U E ;
UNBOUNDED : U N B O U N D E D ;
UNION : U N I O N ;
UNIQUE : U N I Q U E ;
UNKNOWN : U N K N O W N ;
USING : U S I N G ;
VALUES : V A L U E S ;
VERBOSE : V E R B O S E ;
VIEW : V I E W ;
WHEN : W H E N ;
WHERE : W H E R E ;
WINDOW : W I N D O W ;
WITH : W I T H ;

// Literals. Numbers carry no sign. The numeric rules come before IDENTIFIER, so that `1e3`
// is a number although IDENTIFIER matches the same text.

// 'it''s'
STRING_LITERAL : '\'' ( ~'\'' | '\'\'' )* '\'' ;

// X'303132' (a blob in SQLite)
BINARY_HEX : X '\'' ~'\''* '\'' ;

INTEGER_VALUE : DIGIT+ ;

// 1.5, 1., .5
DECIMAL_VALUE : DECIMAL_DIGITS ;

// 1e10, 1.5E-3, .5e2
EXPONENT_VALUE : ( DIGIT+ | DECIMAL_DIGITS ) EXPONENT ;

// Letters, digits and underscores; may start with a digit, as in Spark (`10MB` is one token).
IDENTIFIER : ( LETTER | DIGIT | '_' )+ ;

BACKQUOTED_IDENTIFIER : '`' ( ~'`' | '``' )* '`' ;

DOUBLEQUOTED_IDENTIFIER : '"' ( ~'"' | '""' )* '"' ;

fragment DECIMAL_DIGITS : DIGIT+ '.' DIGIT* | '.' DIGIT+ ;
fragment EXPONENT : E [+-]? DIGIT+ ;
fragment DIGIT : [0-9] ;
fragment LETTER : [a-zA-Z] | [\u0080-\uFFFF] ;

// Comments and white space are dropped.
SIMPLE_COMMENT : '--' ~[\r\n]* -> skip ;
// Ends at the first `*/`, so `/**/` is a whole comment; `/*+` starts a hint instead. Written
// as the classic deterministic C-comment pattern (/\*[^*]*\*+([^/*][^*]*\*+)*/ with no '+'
// first): with a non-greedy `.*?` ANTLR's longest-match rule would run `/**/ a */` on to
// the later `*/`.
BRACKETED_COMMENT : '/*' ( ~[+*] ~'*'* )? '*'+ ( ~[/*] ~'*'* '*'+ )* '/' -> skip ;
WS : [ \t\r\n\f\u000B]+ -> skip ;

// Anything else becomes a token of its own, so the lexer never fails: the parser reports it
// (with its position), and SET can take any text as a raw value.
UNRECOGNIZED : . ;

fragment A : [aA] ;
fragment B : [bB] ;
fragment C : [cC] ;
fragment D : [dD] ;
fragment E : [eE] ;
fragment F : [fF] ;
fragment G : [gG] ;
fragment H : [hH] ;
fragment I : [iI] ;
fragment J : [jJ] ;
fragment K : [kK] ;
fragment L : [lL] ;
fragment M : [mM] ;
fragment N : [nN] ;
fragment O : [oO] ;
fragment P : [pP] ;
fragment Q : [qQ] ;
fragment R : [rR] ;
fragment S : [sS] ;
fragment T : [tT] ;
fragment U : [uU] ;
fragment V : [vV] ;
fragment W : [wW] ;
fragment X : [xX] ;
fragment Y : [yY] ;
fragment Z : [zZ] ;
