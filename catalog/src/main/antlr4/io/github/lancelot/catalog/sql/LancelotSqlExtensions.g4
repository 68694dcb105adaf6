/*
 * The SQL statements Lancelot adds to Spark. Input is matched upper-cased (see UpperCaseCharStream), so keywords
 * are case-insensitive while identifiers and strings keep their case. Statements that do not match are parsed by
 * Spark's own parser.
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
    : HISTORY | LIMIT | VECTOR | OF | FLOAT | DOUBLE | COMMENT | COLUMN | COLUMNS | ADD
    ;

ADD: 'ADD';
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
    : [A-Z]
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
