"""The schema every known migration makes, as ``schema_check.schema_objects`` reports it.

Made by ``schema_check.snapshot_source()``; a test holds it equal to what the migrations make.
Do not edit it by hand; remake it with:

    python -c 'from interviewcoder.store.schema_check import snapshot_source as s; print(s(), end="")' > interviewcoder/store/schema_snapshot.py
"""

# ruff: noqa: E501

STEPS = ('0001_initial', '0002_assistance', '0003_snapshots', '0004_evidence_indexes', '0005_history', '0006_refi', '0007_identity', '0008_search', '0009_memos', '0010_merge', '0011_tallies', '0012_text_guard')

OBJECTS = {
    ('index', '_sqlite_migrations unique=1 partial=0 (migration_set, name)'):
        'index',
    ('index', 'code_participants_participant'):
        'create index code_participants_participant on code_participants(participant_id)',
    ('index', 'coders_guid'):
        'create unique index coders_guid on coders(guid)where guid is not null',
    ('index', 'participants_guid'):
        'create unique index participants_guid on participants(guid)where guid is not null',
    ('index', 'quote_codes_code'):
        'create index quote_codes_code on quote_codes(code_id,quote_id)',
    ('index', 'quotes_coder'):
        'create index quotes_coder on quotes(coder_id)',
    ('index', 'quotes_source'):
        'create index quotes_source on quotes(source_id,start)',
    ('index', 'quotes_span'):
        'create index quotes_span on quotes(source_id,start,end)',
    ('index', 'snapshots_name'):
        'create unique index snapshots_name on snapshots(name)',
    ('index', 'source_history_source'):
        'create index source_history_source on source_history(source_id)',
    ('index', 'sources_guid'):
        'create unique index sources_guid on sources(guid)where guid is not null',
    ('index', 'sources_listing'):
        'create index sources_listing on sources(name,kind,original_name,sha256,imported_at,format,words,memo)',
    ('index', 'sources_sha256'):
        'create index sources_sha256 on sources(sha256)',
    ('index', 'turns_participant'):
        'create index turns_participant on turns(participant_id)',
    ('index', 'turns_source'):
        'create index turns_source on turns(source_id,start)',
    ('index', 'turns_span'):
        'create index turns_span on turns(source_id,start,end,role,participant_id)',
    ('table', '_sqlite_migrations'):
        'columns: id, migration_set, name, applied_at',
    ('table', 'changelog'):
        "create table changelog(id integer primary key,at text not null,coder text not null,action text not null,target text not null,detail text not null default '{}')",
    ('table', 'code_cells'):
        'create table code_cells(code_id integer not null,outcome text not null,persona text not null,participants integer not null,solo integer not null,primary key(code_id,outcome,persona))without rowid',
    ('table', 'code_participants'):
        'create table code_participants(code_id integer not null,participant_id integer not null,outcome text not null,persona text not null,quotes integer not null,solo integer not null,primary key(code_id,participant_id))without rowid',
    ('table', 'code_patterns'):
        'create table code_patterns(id integer primary key,code_id integer not null references codes(id)on delete cascade,pattern text not null,created_at text not null)',
    ('table', 'code_quotes'):
        'create table code_quotes(code_id integer primary key,quotes integer not null)',
    ('table', 'coders'):
        'create table coders(id integer primary key,name text not null unique,guid text)',
    ('table', 'codes'):
        "create table codes(id integer primary key,guid text not null unique,dimension text not null,name text not null,description text not null default '',colour text not null default '#cccccc',parent_id integer references codes(id)on delete set null,ord integer not null default 0,memo text not null default '',unique(dimension,name))",
    ('table', 'learned_models'):
        "create table learned_models(name text primary key,created_at text not null,language text not null,data blob not null,metrics text not null default '{}')",
    ('table', 'merges'):
        "create table merges(id integer primary key,at text not null,coder text not null,other_name text not null,other_path text not null,report text not null default '{}')",
    ('table', 'outcomes'):
        'create table outcomes(name text primary key,ord integer not null)',
    ('table', 'participants'):
        "create table participants(id integer primary key,name text not null unique,outcome text not null default 'unknown',persona text,attributes text not null default '{}',created_at text not null,guid text,memo text not null default '')",
    ('table', 'quote_codes'):
        'create table quote_codes(quote_id integer not null references quotes(id)on delete cascade,code_id integer not null references codes(id)on delete cascade,primary key(quote_id,code_id))without rowid',
    ('table', 'quote_participants'):
        'create table quote_participants(quote_id integer not null,participant_id integer not null,primary key(quote_id,participant_id))without rowid',
    ('table', 'quotes'):
        "create table quotes(id integer primary key,guid text not null unique,source_id integer not null references sources(id)on delete cascade,start integer not null,end integer not null,text text not null,coder_id integer not null references coders(id),created_at text not null,modified_at text not null,memo text not null default '',origin text not null default 'manual',check(start>=0 and end>start))",
    ('table', 'shared_quotes'):
        'create table shared_quotes(quote_id integer primary key)',
    ('table', 'snapshots'):
        "create table snapshots(id integer primary key,name text not null,taken_at text not null,evidence text not null,coder text not null default '',note text not null default '')",
    ('table', 'source_history'):
        'create table source_history(id integer primary key,source_id integer not null references sources(id)on delete cascade,replaced_at text not null,coder text not null,sha256 text not null,text text not null,state text not null)',
    ('table', 'source_tallies'):
        'create table source_tallies(source_id integer primary key,turn_max integer not null default 0,quote_max integer not null default 0,quotes integer not null default 0)',
    ('table', 'source_text_grants'):
        'create table source_text_grants(source_id integer primary key,sha256 text not null)',
    ('table', 'sources'):
        "create table sources(id integer primary key,name text not null,kind text not null check(kind in('interview','survey')),original_name text,sha256 text not null,text text not null,words integer not null default 0,format text,meta text not null default '{}',imported_at text not null,guid text,memo text not null default '')",
    ('table', 'study_meta'):
        'create table study_meta(key text primary key,value text not null)',
    ('table', 'suggestion_rejections'):
        'create table suggestion_rejections(id integer primary key,source_id integer not null references sources(id)on delete cascade,start integer not null,end integer not null,code_id integer not null references codes(id)on delete cascade,created_at text not null,unique(source_id,start,end,code_id))',
    ('table', 'turn_search'):
        "create virtual table turn_search using fts5(text,tokenize='unicode61 remove_diacritics 2',prefix='2 3')",
    ('table', 'turn_search_config'):
        "create table 'turn_search_config'(k primary key,v)without rowid",
    ('table', 'turn_search_content'):
        "create table 'turn_search_content'(id integer primary key,c0)",
    ('table', 'turn_search_data'):
        "create table 'turn_search_data'(id integer primary key,block blob)",
    ('table', 'turn_search_docsize'):
        "create table 'turn_search_docsize'(id integer primary key,sz blob)",
    ('table', 'turn_search_idx'):
        "create table 'turn_search_idx'(segid,term,pgno,primary key(segid,term))without rowid",
    ('table', 'turns'):
        "create table turns(id integer primary key,source_id integer not null references sources(id)on delete cascade,ord integer not null,start integer not null,end integer not null,speaker text,role text not null check(role in('interviewer','participant','answer')),participant_id integer references participants(id)on delete set null,start_ms integer,check(start>=0 and end>=start))",
    ('trigger', 'changelog_no_delete'):
        "create trigger changelog_no_delete before delete on changelog begin select raise(abort,'the change log is append-only');end",
    ('trigger', 'changelog_no_update'):
        "create trigger changelog_no_update before update on changelog begin select raise(abort,'the change log is append-only');end",
    ('trigger', 'snapshots_immutable'):
        "create trigger snapshots_immutable before update on snapshots begin select raise(abort,'a snapshot cannot change');end",
    ('trigger', 'source_history_no_update'):
        "create trigger source_history_no_update before update on source_history begin select raise(abort,'a source''s history cannot change');end",
    ('trigger', 'sources_text_immutable'):
        "create trigger sources_text_immutable before update of text on sources when old.text<>'' and substr(new.text,1,length(old.text))is not old.text and not exists(select 1 from source_text_grants g where g.source_id=old.id and g.sha256=new.sha256)begin select raise(abort,'a source''s text cannot change after import');end",
    ('trigger', 'tally_cell_delete'):
        'create trigger tally_cell_delete after delete on code_participants begin update code_cells set participants=participants-1,solo=solo-old.solo where code_id=old.code_id and outcome=old.outcome and persona=old.persona;delete from code_cells where code_id=old.code_id and outcome=old.outcome and persona=old.persona and participants<=0;end',
    ('trigger', 'tally_cell_insert'):
        'create trigger tally_cell_insert after insert on code_participants begin insert into code_cells(code_id,outcome,persona,participants,solo)values(new.code_id,new.outcome,new.persona,1,new.solo)on conflict(code_id,outcome,persona)do update set participants=participants+1,solo=solo+excluded.solo;end',
    ('trigger', 'tally_cell_move'):
        'create trigger tally_cell_move after update of code_id,outcome,persona on code_participants when old.code_id is not new.code_id or old.outcome is not new.outcome or old.persona is not new.persona begin update code_cells set participants=participants-1,solo=solo-old.solo where code_id=old.code_id and outcome=old.outcome and persona=old.persona;delete from code_cells where code_id=old.code_id and outcome=old.outcome and persona=old.persona and participants<=0;insert into code_cells(code_id,outcome,persona,participants,solo)values(new.code_id,new.outcome,new.persona,1,new.solo)on conflict(code_id,outcome,persona)do update set participants=participants+1,solo=solo+excluded.solo;end',
    ('trigger', 'tally_cell_solo'):
        'create trigger tally_cell_solo after update of solo on code_participants when old.solo is not new.solo and not(old.code_id is not new.code_id or old.outcome is not new.outcome or old.persona is not new.persona)begin update code_cells set solo=solo+new.solo-old.solo where code_id=new.code_id and outcome=new.outcome and persona=new.persona;end',
    ('trigger', 'tally_link_delete'):
        'create trigger tally_link_delete after delete on quote_codes begin update code_quotes set quotes=quotes-1 where code_id=old.code_id;delete from code_quotes where code_id=old.code_id and quotes<=0;update code_participants set quotes=quotes-1,solo=solo-((select count(*)from quote_participants where quote_id=old.quote_id)=1)where code_id=old.code_id and participant_id in(select participant_id from quote_participants where quote_id=old.quote_id);delete from code_participants where code_id=old.code_id and quotes<=0 and participant_id in(select participant_id from quote_participants where quote_id=old.quote_id);end',
    ('trigger', 'tally_link_insert'):
        "create trigger tally_link_insert after insert on quote_codes begin insert into code_quotes(code_id,quotes)values(new.code_id,1)on conflict(code_id)do update set quotes=quotes+1;insert into code_participants(code_id,participant_id,outcome,persona,quotes,solo)select new.code_id,qp.participant_id,p.outcome,coalesce(p.persona,'(no persona)'),1,(select count(*)from quote_participants where quote_id=new.quote_id)=1 from quote_participants qp join participants p on p.id=qp.participant_id where qp.quote_id=new.quote_id on conflict(code_id,participant_id)do update set quotes=quotes+1,solo=solo+excluded.solo;end",
    ('trigger', 'tally_link_update'):
        "create trigger tally_link_update after update on quote_codes when old.quote_id is not new.quote_id or old.code_id is not new.code_id begin update code_quotes set quotes=quotes-1 where code_id=old.code_id;delete from code_quotes where code_id=old.code_id and quotes<=0;update code_participants set quotes=quotes-1,solo=solo-((select count(*)from quote_participants where quote_id=old.quote_id)=1)where code_id=old.code_id and participant_id in(select participant_id from quote_participants where quote_id=old.quote_id);delete from code_participants where code_id=old.code_id and quotes<=0 and participant_id in(select participant_id from quote_participants where quote_id=old.quote_id);insert into code_quotes(code_id,quotes)values(new.code_id,1)on conflict(code_id)do update set quotes=quotes+1;insert into code_participants(code_id,participant_id,outcome,persona,quotes,solo)select new.code_id,qp.participant_id,p.outcome,coalesce(p.persona,'(no persona)'),1,(select count(*)from quote_participants where quote_id=new.quote_id)=1 from quote_participants qp join participants p on p.id=qp.participant_id where qp.quote_id=new.quote_id on conflict(code_id,participant_id)do update set quotes=quotes+1,solo=solo+excluded.solo;end",
    ('trigger', 'tally_participant_group'):
        "create trigger tally_participant_group after update of outcome,persona on participants when old.outcome is not new.outcome or old.persona is not new.persona begin update code_participants set outcome=new.outcome,persona=coalesce(new.persona,'(no persona)')where participant_id=new.id;end",
    ('trigger', 'tally_quote_delete'):
        'create trigger tally_quote_delete before delete on quotes begin delete from quote_participants where quote_id=old.id;update source_tallies set quotes=quotes-1 where source_id=old.source_id;end',
    ('trigger', 'tally_quote_insert'):
        "create trigger tally_quote_insert after insert on quotes begin insert into source_tallies(source_id,quote_max,quotes)values(new.source_id,new.end-new.start,1)on conflict(source_id)do update set quote_max=max(quote_max,excluded.quote_max),quotes=quotes+1;insert into quote_participants(quote_id,participant_id)select new.id,t.participant_id from turns t where t.source_id=new.source_id and t.start>=new.start-coalesce((select turn_max from source_tallies where source_id=new.source_id),4611686018427387904)and t.start<new.end and t.end>new.start and t.role !='interviewer' and t.participant_id is not null on conflict do nothing;end",
    ('trigger', 'tally_quote_span'):
        "create trigger tally_quote_span after update of source_id,start,end on quotes when old.source_id is not new.source_id or old.start is not new.start or old.end is not new.end begin update source_tallies set quotes=quotes-1 where source_id=old.source_id;insert into source_tallies(source_id,quote_max,quotes)values(new.source_id,new.end-new.start,1)on conflict(source_id)do update set quote_max=max(quote_max,excluded.quote_max),quotes=quotes+1;delete from quote_participants where quote_id=new.id and participant_id not in(select t.participant_id from turns t where t.source_id=new.source_id and t.start>=new.start-coalesce((select turn_max from source_tallies where source_id=new.source_id),4611686018427387904)and t.start<new.end and t.end>new.start and t.role !='interviewer' and t.participant_id is not null);insert into quote_participants(quote_id,participant_id)select new.id,t.participant_id from turns t where t.source_id=new.source_id and t.start>=new.start-coalesce((select turn_max from source_tallies where source_id=new.source_id),4611686018427387904)and t.start<new.end and t.end>new.start and t.role !='interviewer' and t.participant_id is not null on conflict do nothing;end",
    ('trigger', 'tally_reach_alone'):
        'create trigger tally_reach_alone after delete on quote_participants when(select count(*)from quote_participants where quote_id=old.quote_id)=1 begin update code_participants set solo=solo+1 where participant_id in(select participant_id from quote_participants where quote_id=old.quote_id)and code_id in(select code_id from quote_codes where quote_id=old.quote_id);delete from shared_quotes where quote_id=old.quote_id;end',
    ('trigger', 'tally_reach_delete'):
        'create trigger tally_reach_delete after delete on quote_participants begin update code_participants set quotes=quotes-1,solo=solo-((select count(*)from quote_participants where quote_id=old.quote_id)=0)where participant_id=old.participant_id and code_id in(select code_id from quote_codes where quote_id=old.quote_id);delete from code_participants where participant_id=old.participant_id and quotes<=0 and code_id in(select code_id from quote_codes where quote_id=old.quote_id);end',
    ('trigger', 'tally_reach_insert'):
        "create trigger tally_reach_insert after insert on quote_participants when exists(select 1 from quote_codes where quote_id=new.quote_id)begin insert into code_participants(code_id,participant_id,outcome,persona,quotes,solo)select qc.code_id,new.participant_id,p.outcome,coalesce(p.persona,'(no persona)'),1,(select count(*)from quote_participants where quote_id=new.quote_id)=1 from quote_codes qc join participants p on p.id=new.participant_id where qc.quote_id=new.quote_id on conflict(code_id,participant_id)do update set quotes=quotes+1,solo=solo+excluded.solo;end",
    ('trigger', 'tally_reach_shared'):
        'create trigger tally_reach_shared after insert on quote_participants when(select count(*)from quote_participants where quote_id=new.quote_id)=2 begin update code_participants set solo=solo-1 where participant_id in(select participant_id from quote_participants where quote_id=new.quote_id)and participant_id !=new.participant_id and code_id in(select code_id from quote_codes where quote_id=new.quote_id);insert into shared_quotes(quote_id)values(new.quote_id)on conflict do nothing;end',
    ('trigger', 'tally_source_delete'):
        'create trigger tally_source_delete after delete on sources begin delete from source_tallies where source_id=old.id;end',
    ('trigger', 'tally_turn_delete'):
        "create trigger tally_turn_delete after delete on turns begin delete from quote_participants where participant_id=old.participant_id and quote_id in(select q.id from quotes q where old.role !='interviewer' and old.participant_id is not null and q.source_id=old.source_id and q.start>=old.start-coalesce((select quote_max from source_tallies where source_id=old.source_id),4611686018427387904)and q.start<old.end and q.end>old.start and not exists(select 1 from turns t where t.source_id=q.source_id and t.start>=q.start-coalesce((select turn_max from source_tallies where source_id=old.source_id),4611686018427387904)and t.start<q.end and t.end>q.start and t.role !='interviewer' and t.participant_id=old.participant_id));end",
    ('trigger', 'tally_turn_insert'):
        "create trigger tally_turn_insert after insert on turns begin insert into source_tallies(source_id,turn_max,quotes)values(new.source_id,new.end-new.start,0)on conflict(source_id)do update set turn_max=max(turn_max,excluded.turn_max);insert into quote_participants(quote_id,participant_id)select q.id,new.participant_id from quotes q where new.role !='interviewer' and new.participant_id is not null and q.source_id=new.source_id and q.start>=new.start-coalesce((select quote_max from source_tallies where source_id=new.source_id),4611686018427387904)and q.start<new.end and q.end>new.start on conflict do nothing;end",
    ('trigger', 'tally_turn_update'):
        "create trigger tally_turn_update after update of source_id,start,end,role,participant_id on turns when old.source_id is not new.source_id or old.start is not new.start or old.end is not new.end or old.role is not new.role or old.participant_id is not new.participant_id begin insert into source_tallies(source_id,turn_max,quotes)values(new.source_id,new.end-new.start,0)on conflict(source_id)do update set turn_max=max(turn_max,excluded.turn_max);delete from quote_participants where participant_id=old.participant_id and quote_id in(select q.id from quotes q where old.role !='interviewer' and old.participant_id is not null and q.source_id=old.source_id and q.start>=old.start-coalesce((select quote_max from source_tallies where source_id=old.source_id),4611686018427387904)and q.start<old.end and q.end>old.start and not exists(select 1 from turns t where t.source_id=q.source_id and t.start>=q.start-coalesce((select turn_max from source_tallies where source_id=old.source_id),4611686018427387904)and t.start<q.end and t.end>q.start and t.role !='interviewer' and t.participant_id=old.participant_id));insert into quote_participants(quote_id,participant_id)select q.id,new.participant_id from quotes q where new.role !='interviewer' and new.participant_id is not null and q.source_id=new.source_id and q.start>=new.start-coalesce((select quote_max from source_tallies where source_id=new.source_id),4611686018427387904)and q.start<new.end and q.end>new.start on conflict do nothing;end",
}
