/*
 * The SQL statements Lancelot adds to Spark. Input is matched upper-cased (see UpperCaseCharStream), so keywords
 * are case-insensitive while identifiers and strings keep their case. Statements that do not match are parsed by
 * Spark's own parser. Unquoted identifiers may hold letters of any script; backquoted ones anything.
 */
grammar LancelotSqlExtensions;

singleStatement
    : statement ';'* EOF
    ;

statement
    : DESCRIBE HISTORY table=multipartIdentifier (LIMIT limit=INTEGER_VALUE)?                 #describeHistory
    | ALTER TABLE table=multipartIdentifier ADD (COLUMN | COLUMNS) column=identifier
        VECTOR '(' dimension=INTEGER_VALUE ')' (OF elementType=(FLOAT | DOUBLE))?
        (COMMENT comment=STRING)?                                                           #addVectorColumn
    | RESTORE TABLE? table=multipartIdentifier TO?
        (VERSION AS OF version=versionSpec | TIMESTAMP AS OF timestamp=STRING)              #restoreTable
    | ALTER TABLE table=multipartIdentifier CREATE TAG tag=tagName
        (AS OF VERSION version=INTEGER_VALUE)?                                              #createTag
    | ALTER TABLE table=multipartIdentifier DROP TAG (IF EXISTS)? tag=tagName               #dropTag
    | SHOW TAGS (FROM | IN)? table=multipartIdentifier                                     #showTags
    | OPTIMIZE table=multipartIdentifier (WHERE condition=conditionText)?                   #optimize
    | VACUUM table=multipartIdentifier (RETAIN hours=number HOURS)? (DRY RUN)?              #vacuum
    | CREATE TABLE (IF NOT EXISTS)? target=multipartIdentifier SHALLOW CLONE
        source=multipartIdentifier
        (VERSION AS OF version=versionSpec | TIMESTAMP AS OF timestamp=STRING)?            #shallowClone
    | CREATE VECTOR INDEX index=identifier ON table=multipartIdentifier
        '(' column=identifier ')' USING kind=identifier
        (WITH '(' indexOption (',' indexOption)* ')')?                                      #createVectorIndex
    | DROP VECTOR INDEX (IF EXISTS)? index=identifier ON table=multipartIdentifier          #dropVectorIndex
    | CALL procedure=multipartIdentifier '(' (callArgument (',' callArgument)*)? ')'       #call
    ;

/* A setting of a vector index: a name and a number, a string or a word. */
indexOption
    : key=identifier '=' (number | STRING | identifier)
    ;

/* An argument of CALL: a value, given by position or by name. The value's text is left to Spark's expression
 * parser; here it is every token up to the ',' or ')' that ends it, parentheses balanced. */
callArgument
    : (name=argumentName '=>')? value=argumentText
    ;

/* Parameter names may be any word, keywords of this grammar included (table => ...). */
argumentName
    : identifier
    | TABLE
    | ALTER
    | DESCRIBE
    ;

argumentText
    : (~(',' | '(' | ')') | '(' nestedText? ')')+
    ;

nestedText
    : (~('(' | ')') | '(' nestedText? ')')+
    ;

conditionText
    : (~';')+
    ;

number
    : INTEGER_VALUE
    | DECIMAL_VALUE
    ;

versionSpec
    : INTEGER_VALUE
    | tagName
    ;

tagName
    : identifier
    | STRING
    ;

multipartIdentifier
    : parts+=identifier ('.' parts+=identifier)*
    ;

identifier
    : IDENTIFIER
    | BACKQUOTED_IDENTIFIER
    | nonReserved
    ;

nonReserved
    : HISTORY | LIMIT | VECTOR | OF | FLOAT | DOUBLE | COMMENT | COLUMN | COLUMNS | ADD | TAG | TAGS | VERSION
    | TIMESTAMP | RESTORE | TO | AS | IF | EXISTS | FROM | IN | CREATE | DROP | SHOW | OPTIMIZE | VACUUM | WHERE
    | RETAIN | HOURS | DRY | RUN | SHALLOW | CLONE | NOT | CALL | INDEX | ON | USING | WITH
    ;

ADD: 'ADD';
INDEX: 'INDEX';
ON: 'ON';
USING: 'USING';
WITH: 'WITH';
CALL: 'CALL';
CLONE: 'CLONE';
DRY: 'DRY';
HOURS: 'HOURS';
NOT: 'NOT';
OPTIMIZE: 'OPTIMIZE';
RETAIN: 'RETAIN';
RUN: 'RUN';
SHALLOW: 'SHALLOW';
VACUUM: 'VACUUM';
WHERE: 'WHERE';
AS: 'AS';
CREATE: 'CREATE';
DROP: 'DROP';
EXISTS: 'EXISTS';
FROM: 'FROM';
IF: 'IF';
IN: 'IN';
RESTORE: 'RESTORE';
SHOW: 'SHOW';
TAG: 'TAG';
TAGS: 'TAGS';
TIMESTAMP: 'TIMESTAMP';
TO: 'TO';
VERSION: 'VERSION';
ALTER: 'ALTER';
COLUMN: 'COLUMN';
COLUMNS: 'COLUMNS';
COMMENT: 'COMMENT';
DESCRIBE: 'DESCRIBE' | 'DESC';
DOUBLE: 'DOUBLE';
FLOAT: 'FLOAT';
HISTORY: 'HISTORY';
LIMIT: 'LIMIT';
OF: 'OF';
TABLE: 'TABLE';
VECTOR: 'VECTOR';

STRING
    : '\'' ( ~('\''|'\\') | ('\\' .) )* '\''
    | '"' ( ~('"'|'\\') | ('\\' .) )* '"'
    ;

INTEGER_VALUE
    : DIGIT+
    ;

DECIMAL_VALUE
    : DIGIT+ '.' DIGIT+
    ;

IDENTIFIER
    : (LETTER | DIGIT | '_')+
    ;

BACKQUOTED_IDENTIFIER
    : '`' ( ~'`' | '``' )* '`'
    ;

fragment DIGIT
    : [0-9]
    ;

fragment LETTER
    : [\p{L}\p{Mn}]
    ;

SIMPLE_COMMENT
    : '--' ~[\r\n]* '\r'? '\n'? -> channel(HIDDEN)
    ;

BRACKETED_COMMENT
    : '/*' .*? '*/' -> channel(HIDDEN)
    ;

WS
    : [ \r\n\t]+ -> channel(HIDDEN)
    ;

UNRECOGNIZED
    : .
    ;
