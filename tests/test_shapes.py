"""The SHACL shapes (shapes/untoc-shapes.ttl) and untoc_kg.validation.

A small hand-written graph that says everything a report graph can say must validate with no
result at all; then each negative case breaks it in exactly the way one shape guards against
and expects that shape (and its path) among the results. Because a case asserts on the shape
that reported, it fails if that shape is taken out of the shapes graph.
"""

from __future__ import annotations

import time

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from untoc_kg.validation import Violation, compact, shape_counts, shapes_graph, validate_graph

PREFIXES = """
PREFIX untoc:   <https://w3id.org/untoc-kg/ontology#>
PREFIX id:      <https://w3id.org/untoc-kg/id/>
PREFIX topic:   <https://w3id.org/untoc-kg/id/topic/>
PREFIX rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd:     <http://www.w3.org/2001/XMLSchema#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX owl:     <http://www.w3.org/2002/07/owl#>
PREFIX wd:      <http://www.wikidata.org/entity/>
"""

# Everything a report graph can say, once, as the loader writes it, with the gazetteer
# entries it names. The ontology and the topic scheme are added by validate_graph.
VALID = PREFIXES.replace("PREFIX ", "@prefix ").replace(">\n", "> .\n") + """
<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> a untoc:Report ;
    dcterms:title "技术援助问题政府专家工作组 2024 年 6 月 3 日和 4 日在维也纳举行的会议的报告"@zh ;
    dcterms:language "zh" ;
    untoc:sha256 "0f3c2d1e4b5a69788796a5b4c3d2e1f00f3c2d1e4b5a69788796a5b4c3d2e1f0" ;
    untoc:byteSize 30287 ;
    untoc:sourceFile "000_edfd6897bde2ce76.txt" ;
    untoc:loaderVersion "untoc-kg 0.1.0" ;
    prov:generatedAtTime "2024-11-27T12:00:00+00:00"^^xsd:dateTime ;
    untoc:distributionDate "2024-06-10"^^xsd:date ;
    untoc:reportOf <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03> , <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03> ;
    untoc:cites <https://w3id.org/untoc-kg/id/resolution/CTOC-COP/11-3> .

# --- the meetings (held jointly) -----------------------------------------------------
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03> a untoc:Meeting ;
    untoc:body <https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.2> ;
    rdfs:label "技术援助问题政府专家工作组会议（2024-06-03）"@zh ,
        "Working Group of Government Experts on Technical Assistance, meeting of 2024-06-03"@en ;
    untoc:startDate "2024-06-03"^^xsd:date ;
    untoc:endDate "2024-06-04"^^xsd:date ;
    untoc:venue "维也纳"@zh , "Vienna"@en ;
    untoc:sittingCount 4 ;
    untoc:format "hybrid" ;
    untoc:meetingNumber 15 ;
    untoc:jointWith <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03> ;
    untoc:sitting <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/sitting/1> , <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/sitting/2> ;
    untoc:agendaItem <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/1> , <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/1(a)> , <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2> ;
    untoc:participation <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/participant/ARG> , <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/participant/INTERPOL> ;
    untoc:officeHolding <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/office/co-chair/thomas-burrows> ;
    untoc:document <https://w3id.org/untoc-kg/id/document/CTOC/COP/WG.2/2024/1> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> ;
    untoc:paragraph "46" ;
    untoc:fromParagraph <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/paragraph/46> ;
    untoc:extractedBy "meeting.title#1" .

<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03> a untoc:Meeting ;
    untoc:body <https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.3> ;
    rdfs:label "国际合作工作组会议（2024-06-03）"@zh ,
        "Working Group on International Cooperation, meeting of 2024-06-03"@en ;
    untoc:startDate "2024-06-03"^^xsd:date ;
    untoc:endDate "2024-06-04"^^xsd:date ;
    untoc:jointWith <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03> ;
    untoc:sitting <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03/sitting/1> ;
    untoc:agendaItem <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03/item/3> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .

<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/sitting/1> a untoc:Sitting ;
    untoc:sittingNumber 1 ;
    untoc:date "2024-06-03"^^xsd:date ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/sitting/2> a untoc:Sitting ;
    untoc:sittingNumber 2 ;
    untoc:date "2024-06-04"^^xsd:date ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03/sitting/1> a untoc:Sitting ;
    untoc:sittingNumber 1 ;
    untoc:date "2024-06-03"^^xsd:date ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .

# --- the agenda -----------------------------------------------------------------------
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/1> a untoc:AgendaItem ;
    untoc:ofMeeting <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03> ;
    untoc:itemNumber "1" ;
    dcterms:title "组织事项"@zh ;
    rdfs:label "议程项目 1：组织事项"@zh ;
    dcterms:subject topic:organizational-matters ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/1(a)> a untoc:AgendaItem ;
    untoc:ofMeeting <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03> ;
    untoc:itemNumber "1(a)" ;
    dcterms:title "会议开幕"@zh ;
    untoc:subItemOf <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/1> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2> a untoc:AgendaItem ;
    untoc:ofMeeting <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03> ;
    untoc:itemNumber "2" ;
    dcterms:title "将影响环境的犯罪定为刑事犯罪"@zh ;
    untoc:joint true ;
    untoc:jointItemWith <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03/item/3> ;
    untoc:consideredAt <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/sitting/1> , <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/sitting/2> ;
    dcterms:subject topic:crimes-affecting-the-environment ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> ;
    untoc:paragraph "12" ;
    untoc:fromParagraph <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/paragraph/12> ;
    untoc:extractedBy "agenda.considered#1" .
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03/item/3> a untoc:AgendaItem ;
    untoc:ofMeeting <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03> ;
    untoc:itemNumber "3" ;
    dcterms:title "将影响环境的犯罪定为刑事犯罪"@zh ;
    untoc:joint true ;
    untoc:jointItemWith <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2> ;
    untoc:consideredAt <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03/sitting/1> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .

# --- statements: one of each kind of rule ------------------------------------------------
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/party/ARG> a untoc:Statement ;
    untoc:speaker <https://w3id.org/untoc-kg/id/state/ARG> ;
    untoc:role untoc:PartyDelegation ;
    untoc:agendaItemOf <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2> , <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03/item/3> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> ;
    untoc:paragraph "52" ;
    untoc:fromParagraph <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/paragraph/52> ;
    untoc:extractedBy "statements.party#1" .
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/panellist/person-thomas-burrows> a untoc:Statement ;
    untoc:speaker <https://w3id.org/untoc-kg/id/person/thomas-burrows> ;
    untoc:role untoc:Panellist ;
    untoc:forState <https://w3id.org/untoc-kg/id/state/USA> ;
    untoc:agendaItemOf <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/igo/INTERPOL> a untoc:Statement ;
    untoc:speaker <https://w3id.org/untoc-kg/id/organization/INTERPOL> ;
    untoc:role untoc:IntergovernmentalObserver ;
    untoc:agendaItemOf <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/on-behalf-of-group/EU> a untoc:Statement ;
    untoc:speaker <https://w3id.org/untoc-kg/id/organization/EU> ;
    untoc:role untoc:OnBehalfOfGroup ;
    untoc:onBehalfOf <https://w3id.org/untoc-kg/id/organization/EU> ;
    untoc:alignedWith <https://w3id.org/untoc-kg/id/state/USA> ;
    untoc:agendaItemOf <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/after-action/USA> a untoc:Statement ;
    untoc:speaker <https://w3id.org/untoc-kg/id/state/USA> ;
    untoc:role untoc:AfterAction ;
    untoc:onResolution <https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2> ;
    untoc:agendaItemOf <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .

# --- attendance and officers ------------------------------------------------------------
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/participant/ARG> a untoc:Participation ;
    untoc:participant <https://w3id.org/untoc-kg/id/state/ARG> ;
    untoc:status untoc:PartyStatus ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/participant/INTERPOL> a untoc:Participation ;
    untoc:participant <https://w3id.org/untoc-kg/id/organization/INTERPOL> ;
    untoc:status untoc:IGOStatus ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/office/co-chair/thomas-burrows> a untoc:OfficeHolding ;
    untoc:holder <https://w3id.org/untoc-kg/id/person/thomas-burrows> ;
    untoc:office untoc:CoChair ;
    untoc:forState <https://w3id.org/untoc-kg/id/state/USA> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/person/thomas-burrows> a untoc:Person ;
    rdfs:label "Thomas Burrows" ;
    skos:altLabel "T. Burrows" ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .

# --- recommendations --------------------------------------------------------------------
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/recommendation/1> a untoc:Recommendation ;
    untoc:label "建议 1"@zh , "Recommendation 1"@en ;
    rdfs:label "建议 1"@zh ;
    untoc:text "鼓励各缔约方考虑将影响环境的犯罪定为严重犯罪。"@zh ,
        "Encourages States parties to consider making crimes that affect the environment serious crimes."@en ;
    untoc:heading "关于将影响环境的犯罪定为刑事犯罪的建议"@zh ;
    dcterms:subject topic:crimes-affecting-the-environment ;
    untoc:adoptedAt <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03> ;
    untoc:order 1 ;
    untoc:endorsedBy <https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/recommendation/2> a untoc:Recommendation ;
    untoc:label "建议 2"@zh ;
    untoc:text "请毒品和犯罪问题办公室继续提供技术援助。"@zh ;
    untoc:adoptedAt <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03> ;
    untoc:order 2 ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .

# --- documents --------------------------------------------------------------------------
<https://w3id.org/untoc-kg/id/document/CTOC/COP/WG.2/2024/1> a untoc:Document ;
    untoc:symbol "CTOC/COP/WG.2/2024/1" ;
    rdfs:label "CTOC/COP/WG.2/2024/1" ;
    dcterms:description "临时议程说明"@zh ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .

# --- acts -------------------------------------------------------------------------------
<https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2> a untoc:Resolution ;
    untoc:actNumber "12/2" ;
    rdfs:label "Conference of the Parties resolution 12/2"@en ;
    dcterms:title "实施《联合国打击跨国有组织犯罪公约》各项技术援助条款"@zh ;
    untoc:issuedBy <https://w3id.org/untoc-kg/id/body/CTOC-COP> ;
    untoc:session 12 ;
    untoc:adoptedOn "2024-06-04"^^xsd:date ;
    untoc:adoptedAt <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03> ;
    untoc:adoptedAtSitting <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/sitting/2> ;
    untoc:adoptedUnder <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2> ;
    untoc:draftSymbol "CTOC/COP/2024/L.11" ;
    untoc:sponsor <https://w3id.org/untoc-kg/id/state/ARG> , <https://w3id.org/untoc-kg/id/organization/EU> ;
    untoc:recalls <https://w3id.org/untoc-kg/id/resolution/CTOC-COP/11-3> ;
    untoc:preambularParagraph <https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/preamble/1> ;
    untoc:operativeParagraph <https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/paragraph/1> ;
    untoc:annex <https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/annex/1> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> ;
    untoc:paragraph "72" ;
    untoc:fromParagraph <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/paragraph/72> ;
    untoc:extractedBy "acts.adopted#1" .
<https://w3id.org/untoc-kg/id/resolution/CTOC-COP/11-3> a untoc:Resolution ;
    untoc:actNumber "11/3" ;
    rdfs:label "Conference of the Parties resolution 11/3"@en ;
    untoc:issuedBy <https://w3id.org/untoc-kg/id/body/CTOC-COP> ;
    untoc:citedTitle <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/cited-title/resolution/CTOC-COP/11-3/0123456789ab> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/cited-title/resolution/CTOC-COP/11-3/0123456789ab> a untoc:CitedTitle ;
    rdf:value "联合专题讨论的成果"@zh ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/preamble/1> a untoc:ActParagraph ;
    untoc:order 1 ;
    untoc:text "回顾其第 11/3 号决议，"@zh ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/paragraph/1> a untoc:ActParagraph ;
    untoc:paragraphNumber "1" ;
    untoc:order 1 ;
    untoc:text "核可技术援助问题政府专家工作组通过的建议；"@zh ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/annex/1> a untoc:Annex ;
    untoc:annexNumber 1 ;
    dcterms:title "2024 年 6 月 3 日和 4 日举行的技术援助问题政府专家工作组第十五次会议通过的建议"@zh ;
    untoc:recommendationsOf <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03> ;
    untoc:annexItem <https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/annex/1/item/a> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/annex/1/item/a> a untoc:AnnexItem ;
    untoc:label "(a)"@zh ;
    untoc:text "鼓励各缔约方考虑将影响环境的犯罪定为严重犯罪。"@zh ;
    untoc:heading "关于将影响环境的犯罪定为刑事犯罪的建议"@zh ;
    untoc:order 1 ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/endorsement-statement/1> a untoc:EndorsementStatement ;
    untoc:endorser <https://w3id.org/untoc-kg/id/resolution/CTOC-COP/11-3> ;
    untoc:endorsedBody <https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.3> ;
    untoc:endorsedMeetingNumber 12 , 13 ;
    untoc:endorsedMeeting <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2023-09-11> ;
    untoc:jointDiscussionOnly true ;
    untoc:endorsedText "毒品和犯罪问题办公室继续根据请求向缔约国提供技术援助"@zh ;
    untoc:statedIn <https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/preamble/1> ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> ;
    untoc:paragraph "12" ;
    untoc:fromParagraph <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/paragraph/12> ;
    untoc:extractedBy "endorsements.of_meetings#1" .
<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/meeting-number/1> a untoc:MeetingNumberStatement ;
    untoc:numberedBody <https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.3> ;
    untoc:numberedMonth "2023-09"^^xsd:gYearMonth ;
    untoc:statedMeetingNumber 14 ;
    prov:wasDerivedFrom <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> ;
    untoc:paragraph "12" ;
    untoc:fromParagraph <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/paragraph/12> ;
    untoc:extractedBy "meeting.numbered_elsewhere#1" .

# --- the report paragraphs the nodes were read from -------------------------------------
<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/paragraph/12> a untoc:ReportParagraph ;
    untoc:paragraphNumber "12" ;
    untoc:text "工作组在 6 月 3 日第 1 次和第 2 次会议上审议了题为“将影响环境的犯罪定为刑事犯罪”的议程项目 2。"@zh ;
    dcterms:isPartOf <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/paragraph/46> a untoc:ReportParagraph ;
    untoc:paragraphNumber "46" ;
    untoc:text "工作组于 2024 年 6 月 3 日和 4 日举行会议，共举行了四次会议。"@zh ;
    dcterms:isPartOf <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/paragraph/52> a untoc:ReportParagraph ;
    untoc:paragraphNumber "52" ;
    untoc:text "在议程项目 2 下，《公约》下列缔约方的代表作了发言：阿根廷、阿塞拜疆、巴西和中国。"@zh ;
    dcterms:isPartOf <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .
<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/paragraph/72> a untoc:ReportParagraph ;
    untoc:paragraphNumber "72" ;
    untoc:text "在 2024 年 6 月 4 日第 2 次会议上，工作组通过了第 12/2 号决议草案。\\n（决议案文见第一章。）"@zh ;
    dcterms:isPartOf <https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh> .

# --- the gazetteer entries the graph names ------------------------------------------------
<https://w3id.org/untoc-kg/id/body/CTOC-COP> a untoc:ConferenceOfTheParties ;
    untoc:symbol "CTOC/COP" ; untoc:code "CTOC/COP" ;
    skos:prefLabel "缔约方会议"@zh , "Conference of the Parties to the United Nations Convention against Transnational Organized Crime"@en .
<https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.2> a untoc:WorkingGroup ;
    untoc:symbol "CTOC/COP/WG.2" ; untoc:code "CTOC/COP/WG.2" ;
    skos:prefLabel "技术援助问题政府专家工作组"@zh , "Working Group of Government Experts on Technical Assistance"@en .
<https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.3> a untoc:WorkingGroup ;
    untoc:symbol "CTOC/COP/WG.3" ; untoc:code "CTOC/COP/WG.3" ;
    skos:prefLabel "国际合作工作组"@zh , "Working Group on International Cooperation"@en ;
    skos:altLabel "不限成员名额国际合作工作组"@zh .
<https://w3id.org/untoc-kg/id/state/ARG> a untoc:State ;
    untoc:code "ARG" ; untoc:iso3166Alpha3 "ARG" ; untoc:iso3166Alpha2 "AR" ; untoc:m49 "032" ;
    skos:prefLabel "阿根廷"@zh , "Argentina"@en ;
    skos:altLabel "阿根廷共和国"@zh ;
    owl:sameAs wd:Q414 .
<https://w3id.org/untoc-kg/id/state/USA> a untoc:State ;
    untoc:code "USA" ; untoc:iso3166Alpha3 "USA" ; untoc:iso3166Alpha2 "US" ; untoc:m49 "840" ;
    skos:prefLabel "美国"@zh , "United States of America"@en ;
    skos:altLabel "美利坚合众国"@zh ;
    owl:sameAs wd:Q30 .
<https://w3id.org/untoc-kg/id/organization/EU> a untoc:RegionalEconomicIntegrationOrganization ;
    untoc:code "EU" ;
    skos:prefLabel "欧洲联盟"@zh , "European Union"@en ;
    owl:sameAs wd:Q458 .
<https://w3id.org/untoc-kg/id/organization/INTERPOL> a untoc:IntergovernmentalOrganization ;
    untoc:code "INTERPOL" ;
    skos:prefLabel "国际刑警组织"@zh , "International Criminal Police Organization"@en .
"""

REPORT = "<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh>"
M1 = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03>"
M2 = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03>"
M3 = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2023-09-11>"
WG3 = "<https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.3>"
S1 = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/sitting/1>"
S2 = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/sitting/2>"
M2S1 = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03/sitting/1>"
ITEM1 = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/1>"
ITEM1A = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/1(a)>"
ITEM2 = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2>"
JOINT = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.3/2024-06-03/item/3>"
PARTY = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/party/ARG>"
PANEL = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/panellist/person-thomas-burrows>"
IGO = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/igo/INTERPOL>"
GROUP = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/on-behalf-of-group/EU>"
AFTER = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/after-action/USA>"
PART_ARG = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/participant/ARG>"
PART_IGO = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/participant/INTERPOL>"
OFFICE = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/office/co-chair/thomas-burrows>"
PERSON = "<https://w3id.org/untoc-kg/id/person/thomas-burrows>"
REC1 = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/recommendation/1>"
REC2 = "<https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/recommendation/2>"
DOC = "<https://w3id.org/untoc-kg/id/document/CTOC/COP/WG.2/2024/1>"
RES = "<https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2>"
OLD = "<https://w3id.org/untoc-kg/id/resolution/CTOC-COP/11-3>"
CITED_TITLE = "<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/cited-title/resolution/CTOC-COP/11-3/0123456789ab>"
PREAMBLE = "<https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/preamble/1>"
OPERATIVE = "<https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/paragraph/1>"
ANNEX = "<https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/annex/1>"
ANNEX_ITEM = "<https://w3id.org/untoc-kg/id/resolution/CTOC-COP/12-2/annex/1/item/a>"
P12 = "<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/paragraph/12>"
P52 = "<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/paragraph/52>"
OTHER_REPORT = "<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.3/2023-09-11/zh>"
STATED = "<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/endorsement-statement/1>"
NUMBERED = "<https://w3id.org/untoc-kg/id/report/CTOC-COP-WG.2/2024-06-03/zh/meeting-number/1>"


def valid_graph() -> Graph:
    graph = Graph()
    graph.parse(data=VALID, format="turtle")
    return graph


def broken(update: str) -> Graph:
    graph = valid_graph()
    graph.update(PREFIXES + update)
    return graph


def node(term: str) -> str:
    """A node of the test graph as validation.Violation.focus shows it."""
    if term.startswith("<"):
        return compact(term[1:-1])
    return term


@pytest.fixture(scope="module")
def valid_results() -> list[Violation]:
    return validate_graph(valid_graph())


def test_the_valid_graph_validates_without_any_result(valid_results):
    assert [v.line() for v in valid_results] == []


def test_the_valid_graph_says_something_of_every_class():
    graph = valid_graph()
    types = {str(o).rsplit("#", 1)[-1] for o in graph.objects(None, RDF.type)}
    assert {"Report", "Meeting", "Sitting", "AgendaItem", "Statement", "Participation", "OfficeHolding",
            "Person", "Recommendation", "Document", "Resolution", "Annex", "ActParagraph", "AnnexItem", "ReportParagraph",
            "State", "RegionalEconomicIntegrationOrganization", "IntergovernmentalOrganization",
            "WorkingGroup", "ConferenceOfTheParties"} <= types


def test_validation_leaves_the_data_graph_as_it_was():
    graph = valid_graph()
    before = set(graph)
    validate_graph(broken(f"DELETE WHERE {{ {PARTY} untoc:speaker ?s }}"))
    validate_graph(graph)
    assert set(graph) == before


# ------------------------------------------------------------------ negative cases
#
# (case id, SPARQL Update that breaks the valid graph, the shape expected to report it,
#  the path it reports, the focus node it reports)

CASES = [
    # meetings
    ("meeting-without-body", f"DELETE WHERE {{ {M1} untoc:body ?b }}", "Meeting-body", "untoc:body", M1),
    ("meeting-of-a-state", f"DELETE {{ {M1} untoc:body ?b }} INSERT {{ {M1} untoc:body <https://w3id.org/untoc-kg/id/state/ARG> }} WHERE {{ {M1} untoc:body ?b }}",
     "Meeting-body", "untoc:body", M1),
    ("start-date-as-string", f'DELETE {{ {M1} untoc:startDate ?d }} INSERT {{ {M1} untoc:startDate "2024-06-03" }} WHERE {{ {M1} untoc:startDate ?d }}',
     "Meeting-startDate", "untoc:startDate", M1),
    ("two-end-dates", f'INSERT DATA {{ {M1} untoc:endDate "2024-06-05"^^xsd:date }}', "Meeting-endDate", "untoc:endDate", M1),
    ("ends-before-it-starts", f'DELETE {{ {M1} untoc:endDate ?d }} INSERT {{ {M1} untoc:endDate "2024-06-02"^^xsd:date }} WHERE {{ {M1} untoc:endDate ?d }}',
     "Meeting-dateOrder", "untoc:startDate", M1),
    ("meeting-without-chinese-label", f'DELETE {{ {M1} rdfs:label ?l }} INSERT {{ {M1} rdfs:label "réunion"@fr }} WHERE {{ {M1} rdfs:label ?l FILTER(LANG(?l) = "zh") }}',
     "Meeting-label", "rdfs:label", M1),
    ("meeting-format-not-controlled", f'INSERT DATA {{ {M2} untoc:format "virtual" }}', "Meeting-format", "untoc:format", M2),
    ("parties-represented-zero", f"INSERT DATA {{ {M1} untoc:partiesRepresented 0 }}",
     "Meeting-partiesRepresented", "untoc:partiesRepresented", M1),
    ("signatories-represented-not-integer", f'INSERT DATA {{ {M1} untoc:signatoriesRepresented "one" }}',
     "Meeting-signatoriesRepresented", "untoc:signatoriesRepresented", M1),
    ("sitting-count-not-integer", f'DELETE {{ {M1} untoc:sittingCount ?c }} INSERT {{ {M1} untoc:sittingCount "four" }} WHERE {{ {M1} untoc:sittingCount ?c }}',
     "Meeting-sittingCount", "untoc:sittingCount", M1),
    ("meeting-number-zero", f'DELETE {{ {M1} untoc:meetingNumber ?n }} INSERT {{ {M1} untoc:meetingNumber 0 }} WHERE {{ {M1} untoc:meetingNumber ?n }}',
     "Meeting-meetingNumber", "untoc:meetingNumber", M1),
    ("session-number-string", f'INSERT DATA {{ {M2} untoc:sessionNumber "twelfth" }}', "Meeting-sessionNumber", "untoc:sessionNumber", M2),
    ("venue-twice-in-one-language", f'INSERT DATA {{ {M1} untoc:venue "纽约"@zh }}', "Meeting-venue", "untoc:venue", M1),
    ("venue-untagged", f'DELETE WHERE {{ {M1} untoc:venue ?v }} ; INSERT DATA {{ {M1} untoc:venue "维也纳" }}',
     "Meeting-venue", "untoc:venue", M1),
    ("joint-with-a-sitting", f"INSERT DATA {{ {M1} untoc:jointWith {S1} }}", "Meeting-jointWith", "untoc:jointWith", M1),
    ("joint-meeting-one-way", f"DELETE DATA {{ {M2} untoc:jointWith {M1} }}", "JointMeetingShape", "untoc:jointWith", M1),
    ("sitting-list-holds-an-item", f"INSERT DATA {{ {M1} untoc:sitting {ITEM1} }}", "Meeting-sitting", "untoc:sitting", M1),
    ("agenda-lists-a-statement", f"INSERT DATA {{ {M1} untoc:agendaItem {PARTY} }}", "Meeting-agendaItem", "untoc:agendaItem", M1),
    ("attendance-is-not-a-participation", f"INSERT DATA {{ {M1} untoc:participation {OFFICE} }}", "Meeting-participation", "untoc:participation", M1),
    ("officer-is-not-an-office-holding", f"INSERT DATA {{ {M1} untoc:officeHolding {PART_ARG} }}", "Meeting-officeHolding", "untoc:officeHolding", M1),
    ("document-is-a-recommendation", f"INSERT DATA {{ {M1} untoc:document {REC1} }}", "Meeting-document", "untoc:document", M1),
    ("meeting-without-provenance", f"DELETE WHERE {{ {M2} prov:wasDerivedFrom ?r }}", "Meeting-provenance", "prov:wasDerivedFrom", M2),
    ("meeting-as-blank-node", f"INSERT DATA {{ [] a untoc:Meeting }}", "MeetingShape", "", None),
    ("two-sittings-numbered-1", f"DELETE DATA {{ {S2} untoc:sittingNumber 2 }} ; INSERT DATA {{ {S2} untoc:sittingNumber 1 }}",
     "SittingNumbersUniqueShape", "", M1),
    ("recommendations-share-a-position", f"DELETE DATA {{ {REC2} untoc:order 2 }} ; INSERT DATA {{ {REC2} untoc:order 1 }}",
     "RecommendationOrderUniqueShape", "", M1),
    # sittings
    ("sitting-outside-meeting-dates", f'DELETE DATA {{ {S2} untoc:date "2024-06-04"^^xsd:date }} ; INSERT DATA {{ {S2} untoc:date "2024-06-07"^^xsd:date }}',
     "SittingDateShape", "untoc:date", S2),
    ("sitting-without-number", f"DELETE WHERE {{ {S2} untoc:sittingNumber ?n }}", "Sitting-number", "untoc:sittingNumber", S2),
    ("sitting-date-as-datetime", f'DELETE DATA {{ {S2} untoc:date "2024-06-04"^^xsd:date }} ; INSERT DATA {{ {S2} untoc:date "2024-06-04T10:00:00"^^xsd:dateTime }}',
     "Sitting-date", "untoc:date", S2),
    ("sitting-of-no-meeting", f"DELETE DATA {{ {M1} untoc:sitting {S2} }}", "Sitting-meeting", "^untoc:sitting", S2),
    ("sitting-without-provenance", f"DELETE WHERE {{ {S1} prov:wasDerivedFrom ?r }}", "Sitting-provenance", "prov:wasDerivedFrom", S1),
    # agenda items
    ("item-number-in-words", f'DELETE DATA {{ {ITEM2} untoc:itemNumber "2" }} ; INSERT DATA {{ {ITEM2} untoc:itemNumber "二" }}',
     "AgendaItem-itemNumber", "untoc:itemNumber", ITEM2),
    ("item-title-without-language", f'DELETE DATA {{ {ITEM1} dcterms:title "组织事项"@zh }} ; INSERT DATA {{ {ITEM1} dcterms:title "组织事项" }}',
     "AgendaItem-title", "dcterms:title", ITEM1),
    ("item-on-no-agenda", f"DELETE DATA {{ {M1} untoc:agendaItem {ITEM1A} }}", "AgendaItem-meeting", "^untoc:agendaItem", ITEM1A),
    ("item-of-the-wrong-meeting", f"DELETE DATA {{ {ITEM1} untoc:ofMeeting {M1} }} ; INSERT DATA {{ {ITEM1} untoc:ofMeeting {M2} }}",
     "AgendaItem-ofMeeting", "^untoc:agendaItem", ITEM1),
    ("item-sub-item-of-a-sitting", f"INSERT DATA {{ {ITEM1A} untoc:subItemOf {S1} }}", "AgendaItem-subItemOf", "untoc:subItemOf", ITEM1A),
    ("item-considered-at-an-item", f"INSERT DATA {{ {ITEM1} untoc:consideredAt {ITEM2} }}", "AgendaItem-consideredAt", "untoc:consideredAt", ITEM1),
    ("joint-as-string", f'DELETE DATA {{ {ITEM2} untoc:joint true }} ; INSERT DATA {{ {ITEM2} untoc:joint "yes" }}',
     "AgendaItem-joint", "untoc:joint", ITEM2),
    ("joint-item-with-a-sitting", f"INSERT DATA {{ {ITEM1} untoc:jointItemWith {S1} }}", "AgendaItem-jointItemWith", "untoc:jointItemWith", ITEM1),
    ("subject-not-a-topic", f"INSERT DATA {{ {ITEM1} dcterms:subject <https://w3id.org/untoc-kg/id/state/ARG> }}", "AgendaItem-subject", "dcterms:subject", ITEM1),
    ("item-without-provenance", f"DELETE WHERE {{ {ITEM1} prov:wasDerivedFrom ?r }}", "AgendaItem-provenance", "prov:wasDerivedFrom", ITEM1),
    ("considered-at-another-meetings-sitting", f"INSERT DATA {{ {ITEM1} untoc:consideredAt {M2S1} }}", "ConsideredItemShape", "untoc:consideredAt", ITEM1),
    ("joint-item-one-way", f"DELETE DATA {{ {JOINT} untoc:jointItemWith {ITEM2} }}", "JointItemShape", "untoc:jointItemWith", ITEM2),
    ("joint-item-of-the-same-meeting", f"INSERT DATA {{ {ITEM1} untoc:jointItemWith {ITEM1A} . {ITEM1A} untoc:jointItemWith {ITEM1} }}",
     "JointItemShape", "untoc:jointItemWith", ITEM1),
    # statements
    ("statement-without-speaker", f"DELETE WHERE {{ {PARTY} untoc:speaker ?s }}", "Statement-speaker", "untoc:speaker", PARTY),
    ("statement-with-two-speakers", f"INSERT DATA {{ {PARTY} untoc:speaker <https://w3id.org/untoc-kg/id/state/USA> }}", "Statement-speaker", "untoc:speaker", PARTY),
    ("speaker-is-a-topic", f"DELETE DATA {{ {IGO} untoc:speaker <https://w3id.org/untoc-kg/id/organization/INTERPOL> }} ; INSERT DATA {{ {IGO} untoc:speaker topic:firearms }}",
     "Statement-speaker", "untoc:speaker", IGO),
    ("role-is-an-office", f"DELETE DATA {{ {PARTY} untoc:role untoc:PartyDelegation }} ; INSERT DATA {{ {PARTY} untoc:role untoc:Chair }}",
     "Statement-role", "untoc:role", PARTY),
    ("statement-without-role", f"DELETE WHERE {{ {IGO} untoc:role ?r }}", "Statement-role", "untoc:role", IGO),
    ("statement-under-no-item", f"DELETE WHERE {{ {IGO} untoc:agendaItemOf ?i }}", "Statement-agendaItem", "untoc:agendaItemOf", IGO),
    ("statement-under-an-item-on-no-agenda",
     f"DELETE DATA {{ {IGO} untoc:agendaItemOf {ITEM2} }} ; INSERT DATA {{ {IGO} untoc:agendaItemOf <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/9> . <https://w3id.org/untoc-kg/id/meeting/CTOC-COP-WG.2/2024-06-03/item/9> a untoc:AgendaItem }}",
     "Statement-itemOnAgenda", "untoc:agendaItemOf/^untoc:agendaItem", IGO),
    ("speaks-for-a-topic", f"DELETE DATA {{ {PANEL} untoc:forState <https://w3id.org/untoc-kg/id/state/USA> }} ; INSERT DATA {{ {PANEL} untoc:forState topic:firearms }}",
     "Statement-forState", "untoc:forState", PANEL),
    ("on-behalf-of-a-state", f"DELETE DATA {{ {GROUP} untoc:onBehalfOf <https://w3id.org/untoc-kg/id/organization/EU> }} ; INSERT DATA {{ {GROUP} untoc:onBehalfOf <https://w3id.org/untoc-kg/id/state/ARG> }}",
     "Statement-onBehalfOf", "untoc:onBehalfOf", GROUP),
    ("aligned-with-an-organization", f"INSERT DATA {{ {GROUP} untoc:alignedWith <https://w3id.org/untoc-kg/id/organization/INTERPOL> }}", "Statement-alignedWith", "untoc:alignedWith", GROUP),
    ("after-action-on-a-meeting", f"DELETE DATA {{ {AFTER} untoc:onResolution {RES} }} ; INSERT DATA {{ {AFTER} untoc:onResolution {M1} }}",
     "Statement-onResolution", "untoc:onResolution", AFTER),
    ("statement-without-provenance", f"DELETE WHERE {{ {IGO} prov:wasDerivedFrom ?r }}", "Statement-provenance", "prov:wasDerivedFrom", IGO),
    ("party-delegation-is-a-person", f"DELETE DATA {{ {PARTY} untoc:speaker <https://w3id.org/untoc-kg/id/state/ARG> }} ; INSERT DATA {{ {PARTY} untoc:speaker {PERSON} }}",
     "Statement-partySpeaker", "untoc:speaker", PARTY),
    ("observer-state-is-an-organization", f"DELETE DATA {{ {IGO} untoc:role untoc:IntergovernmentalObserver }} ; INSERT DATA {{ {IGO} untoc:role untoc:ObserverStateDelegation }}",
     "Statement-observerStateSpeaker", "untoc:speaker", IGO),
    ("igo-observer-is-a-state", f"DELETE DATA {{ {PARTY} untoc:role untoc:PartyDelegation }} ; INSERT DATA {{ {PARTY} untoc:role untoc:IntergovernmentalObserver }}",
     "Statement-igoSpeaker", "untoc:speaker", PARTY),
    ("ngo-observer-is-an-igo", f"DELETE DATA {{ {IGO} untoc:role untoc:IntergovernmentalObserver }} ; INSERT DATA {{ {IGO} untoc:role untoc:NonGovernmentalObserver }}",
     "Statement-ngoSpeaker", "untoc:speaker", IGO),
    ("un-entity-is-a-state", f"DELETE DATA {{ {PARTY} untoc:role untoc:PartyDelegation }} ; INSERT DATA {{ {PARTY} untoc:role untoc:UNEntityObserver }}",
     "Statement-unSpeaker", "untoc:speaker", PARTY),
    ("panellist-is-a-state", f"DELETE DATA {{ {PARTY} untoc:role untoc:PartyDelegation }} ; INSERT DATA {{ {PARTY} untoc:role untoc:Panellist }}",
     "Statement-personSpeaker", "untoc:speaker", PARTY),
    ("on-behalf-of-nobody", f"DELETE WHERE {{ {GROUP} untoc:onBehalfOf ?g }}", "Statement-onBehalfOfGroup", "untoc:onBehalfOf", GROUP),
    ("after-action-on-nothing", f"DELETE WHERE {{ {AFTER} untoc:onResolution ?a }}", "Statement-afterAction", "untoc:onResolution", AFTER),
    # attendance
    ("participation-without-participant", f"DELETE WHERE {{ {PART_ARG} untoc:participant ?p }}", "Participation-participant", "untoc:participant", PART_ARG),
    ("participation-status-is-a-role", f"DELETE DATA {{ {PART_ARG} untoc:status untoc:PartyStatus }} ; INSERT DATA {{ {PART_ARG} untoc:status untoc:PartyDelegation }}",
     "Participation-status", "untoc:status", PART_ARG),
    ("participation-of-no-meeting", f"DELETE DATA {{ {M1} untoc:participation {PART_ARG} }}", "Participation-meeting", "^untoc:participation", PART_ARG),
    ("participation-without-provenance", f"DELETE WHERE {{ {PART_ARG} prov:wasDerivedFrom ?r }}", "Participation-provenance", "prov:wasDerivedFrom", PART_ARG),
    ("party-is-an-igo", f"DELETE DATA {{ {PART_IGO} untoc:status untoc:IGOStatus }} ; INSERT DATA {{ {PART_IGO} untoc:status untoc:PartyStatus }}",
     "Participation-party", "untoc:participant", PART_IGO),
    ("signatory-is-an-igo", f"DELETE DATA {{ {PART_IGO} untoc:status untoc:IGOStatus }} ; INSERT DATA {{ {PART_IGO} untoc:status untoc:SignatoryStatus }}",
     "Participation-stateStatus", "untoc:participant", PART_IGO),
    ("igo-is-a-state", f"DELETE DATA {{ {PART_ARG} untoc:status untoc:PartyStatus }} ; INSERT DATA {{ {PART_ARG} untoc:status untoc:IGOStatus }}",
     "Participation-igo", "untoc:participant", PART_ARG),
    ("un-entity-is-a-state-attending", f"DELETE DATA {{ {PART_ARG} untoc:status untoc:PartyStatus }} ; INSERT DATA {{ {PART_ARG} untoc:status untoc:UNEntityStatus }}",
     "Participation-unEntity", "untoc:participant", PART_ARG),
    ("ngo-is-a-state", f"DELETE DATA {{ {PART_ARG} untoc:status untoc:PartyStatus }} ; INSERT DATA {{ {PART_ARG} untoc:status untoc:NGOStatus }}",
     "Participation-ngo", "untoc:participant", PART_ARG),
    # officers
    ("office-holder-is-a-state", f"DELETE DATA {{ {OFFICE} untoc:holder {PERSON} }} ; INSERT DATA {{ {OFFICE} untoc:holder <https://w3id.org/untoc-kg/id/state/USA> }}",
     "OfficeHolding-holder", "untoc:holder", OFFICE),
    ("office-is-a-role", f"DELETE DATA {{ {OFFICE} untoc:office untoc:CoChair }} ; INSERT DATA {{ {OFFICE} untoc:office untoc:Panellist }}",
     "OfficeHolding-office", "untoc:office", OFFICE),
    ("office-held-for-no-state", f"DELETE WHERE {{ {OFFICE} untoc:forState ?s }}", "OfficeHolding-forState", "untoc:forState", OFFICE),
    ("office-of-no-meeting", f"DELETE DATA {{ {M1} untoc:officeHolding {OFFICE} }}", "OfficeHolding-meeting", "^untoc:officeHolding", OFFICE),
    ("office-without-provenance", f"DELETE WHERE {{ {OFFICE} prov:wasDerivedFrom ?r }}", "OfficeHolding-provenance", "prov:wasDerivedFrom", OFFICE),
    # persons
    ("person-with-two-names", f'INSERT DATA {{ {PERSON} rdfs:label "Tom Burrows" }}', "Person-name", "rdfs:label", PERSON),
    ("person-without-name", f"DELETE WHERE {{ {PERSON} rdfs:label ?n }}", "Person-name", "rdfs:label", PERSON),
    ("person-other-spelling-empty", f'INSERT DATA {{ {PERSON} skos:altLabel "" }}', "Person-altLabel", "skos:altLabel", PERSON),
    ("person-without-provenance", f"DELETE WHERE {{ {PERSON} prov:wasDerivedFrom ?r }}", "Person-provenance", "prov:wasDerivedFrom", PERSON),
    ("person-who-is-also-a-state", f"INSERT DATA {{ {PERSON} a untoc:State }}", "AgentShape", "", PERSON),
    # recommendations
    ("recommendation-without-text", f"DELETE WHERE {{ {REC1} untoc:text ?t }}", "Recommendation-text", "untoc:text", REC1),
    ("recommendation-text-without-language", f'DELETE WHERE {{ {REC2} untoc:text ?t }} ; INSERT DATA {{ {REC2} untoc:text "请毒品和犯罪问题办公室继续提供技术援助。" }}',
     "Recommendation-text", "untoc:text", REC2),
    ("recommendation-adopted-nowhere", f"DELETE WHERE {{ {REC1} untoc:adoptedAt ?m }}", "Recommendation-adoptedAt", "untoc:adoptedAt", REC1),
    ("recommendation-adopted-at-an-item", f"DELETE WHERE {{ {REC2} untoc:adoptedAt ?m }} ; INSERT DATA {{ {REC2} untoc:adoptedAt {ITEM2} }}",
     "Recommendation-adoptedAt", "untoc:adoptedAt", REC2),
    ("recommendation-at-position-0", f"DELETE DATA {{ {REC2} untoc:order 2 }} ; INSERT DATA {{ {REC2} untoc:order 0 }}",
     "Recommendation-order", "untoc:order", REC2),
    ("recommendation-without-label", f"DELETE WHERE {{ {REC2} untoc:label ?l }}", "Recommendation-label", "untoc:label", REC2),
    ("recommendation-with-two-chinese-labels", f'INSERT DATA {{ {REC2} untoc:label "建议 3"@zh }}', "Recommendation-label", "untoc:label", REC2),
    ("recommendation-with-two-english-texts", f'INSERT DATA {{ {REC1} untoc:text "Another text."@en }}', "Recommendation-text", "untoc:text", REC1),
    ("recommendation-with-two-headings", f'INSERT DATA {{ {REC1} untoc:heading "另一个标题"@zh }}', "Recommendation-heading", "untoc:heading", REC1),
    ("recommendation-endorsed-by-a-meeting", f"INSERT DATA {{ {REC2} untoc:endorsedBy {M1} }}", "Recommendation-endorsedBy", "untoc:endorsedBy", REC2),
    ("recommendation-joint-discussion-not-boolean", f'INSERT DATA {{ {REC2} untoc:jointThematicDiscussion "yes" }}',
     "Recommendation-jointThematicDiscussion", "untoc:jointThematicDiscussion", REC2),
    # endorsements stated in prose
    ("endorsement-statement-without-act", f"DELETE WHERE {{ {STATED} untoc:endorser ?a }}",
     "EndorsementStatement-endorser", "untoc:endorser", STATED),
    ("endorsement-statement-of-a-state", f"INSERT DATA {{ {STATED} untoc:endorsedBody <https://w3id.org/untoc-kg/id/state/ARG> }}",
     "EndorsementStatement-endorsedBody", "untoc:endorsedBody", STATED),
    ("endorsement-statement-meeting-is-a-body", f"INSERT DATA {{ {STATED} untoc:endorsedMeeting {WG3} }}",
     "EndorsementStatement-endorsedMeeting", "untoc:endorsedMeeting", STATED),
    ("endorsement-statement-meeting-number-zero", f"INSERT DATA {{ {STATED} untoc:endorsedMeetingNumber 0 }}",
     "EndorsementStatement-endorsedMeetingNumber", "untoc:endorsedMeetingNumber", STATED),
    ("endorsement-statement-joint-not-boolean", f'DELETE WHERE {{ {STATED} untoc:jointDiscussionOnly ?j }} ; INSERT DATA {{ {STATED} untoc:jointDiscussionOnly "yes" }}',
     "EndorsementStatement-jointDiscussionOnly", "untoc:jointDiscussionOnly", STATED),
    ("endorsement-statement-two-wordings", f'INSERT DATA {{ {STATED} untoc:endorsedText "另一项建议"@zh }}',
     "EndorsementStatement-endorsedText", "untoc:endorsedText", STATED),
    ("endorsement-statement-in-an-annex", f"DELETE WHERE {{ {STATED} untoc:statedIn ?p }} ; INSERT DATA {{ {STATED} untoc:statedIn {ANNEX} }}",
     "EndorsementStatement-statedIn", "untoc:statedIn", STATED),
    ("endorsement-statement-from-no-paragraph", f"DELETE WHERE {{ {STATED} untoc:fromParagraph ?p }}",
     "EndorsementStatement-provenance", "untoc:fromParagraph", STATED),
    ("meeting-number-statement-of-a-state", f"DELETE WHERE {{ {NUMBERED} untoc:numberedBody ?b }} ; INSERT DATA {{ {NUMBERED} untoc:numberedBody <https://w3id.org/untoc-kg/id/state/ARG> }}",
     "MeetingNumberStatement-numberedBody", "untoc:numberedBody", NUMBERED),
    ("meeting-number-statement-month-as-date", f'DELETE WHERE {{ {NUMBERED} untoc:numberedMonth ?m }} ; INSERT DATA {{ {NUMBERED} untoc:numberedMonth "2023-09-11"^^xsd:date }}',
     "MeetingNumberStatement-numberedMonth", "untoc:numberedMonth", NUMBERED),
    ("meeting-number-statement-without-number", f"DELETE WHERE {{ {NUMBERED} untoc:statedMeetingNumber ?n }}",
     "MeetingNumberStatement-statedMeetingNumber", "untoc:statedMeetingNumber", NUMBERED),
    ("meeting-number-statement-from-no-paragraph", f"DELETE WHERE {{ {NUMBERED} untoc:fromParagraph ?p }}",
     "MeetingNumberStatement-provenance", "untoc:fromParagraph", NUMBERED),
    ("endorsement-without-method", f"INSERT DATA {{ <https://w3id.org/untoc-kg/id/e> a untoc:Endorsement ; untoc:endorsedRecommendation {REC1} ; untoc:endorser {RES} ; prov:wasDerivedFrom {ANNEX_ITEM} }}",
     "EndorsementShape", "untoc:endorsementMethod", "<https://w3id.org/untoc-kg/id/e>"),
    ("recommendation-subject-not-a-topic", f"INSERT DATA {{ {REC2} dcterms:subject untoc:Chair }}", "Recommendation-subject", "dcterms:subject", REC2),
    ("recommendation-without-provenance", f"DELETE WHERE {{ {REC2} prov:wasDerivedFrom ?r }}", "Recommendation-provenance", "prov:wasDerivedFrom", REC2),
    # acts
    ("act-number-with-a-dash", f'DELETE DATA {{ {RES} untoc:actNumber "12/2" }} ; INSERT DATA {{ {RES} untoc:actNumber "12-2" }}',
     "Act-actNumber", "untoc:actNumber", RES),
    ("resolution-and-decision", f"INSERT DATA {{ {RES} a untoc:Decision }}", "ActKindShape", "", RES),
    ("act-with-two-chinese-titles", f'INSERT DATA {{ {RES} dcterms:title "另一个标题"@zh }}', "Act-title", "dcterms:title", RES),
    ("act-without-label", f"DELETE WHERE {{ {OLD} rdfs:label ?l }}", "Act-label", "rdfs:label", OLD),
    ("act-cited-title-as-a-string", f'INSERT DATA {{ {OLD} untoc:citedTitle "联合专题讨论的成果"@zh }}',
     "Act-citedTitle", "untoc:citedTitle", OLD),
    ("cited-title-worded-twice", f'INSERT DATA {{ {CITED_TITLE} rdf:value "另一种措辞"@zh }}', "CitedTitle-value", "rdf:value", CITED_TITLE),
    ("cited-title-without-wording", f"DELETE WHERE {{ {CITED_TITLE} rdf:value ?v }}", "CitedTitle-value", "rdf:value", CITED_TITLE),
    ("cited-title-from-two-reports", f"INSERT DATA {{ {CITED_TITLE} prov:wasDerivedFrom {OTHER_REPORT} }}",
     "CitedTitle-report", "prov:wasDerivedFrom", CITED_TITLE),
    ("cited-title-of-no-act", f"DELETE WHERE {{ ?act untoc:citedTitle {CITED_TITLE} }}", "CitedTitle-act", "^untoc:citedTitle", CITED_TITLE),
    ("act-issued-by-a-meeting", f"DELETE DATA {{ {OLD} untoc:issuedBy <https://w3id.org/untoc-kg/id/body/CTOC-COP> }} ; INSERT DATA {{ {OLD} untoc:issuedBy {M1} }}",
     "Act-issuedBy", "untoc:issuedBy", OLD),
    ("act-session-as-string", f'DELETE DATA {{ {RES} untoc:session 12 }} ; INSERT DATA {{ {RES} untoc:session "12" }}', "Act-session", "untoc:session", RES),
    ("act-adopted-on-two-days", f'INSERT DATA {{ {RES} untoc:adoptedOn "2024-06-03"^^xsd:date }}', "Act-adoptedOn", "untoc:adoptedOn", RES),
    ("act-adopted-at-an-item", f"INSERT DATA {{ {OLD} untoc:adoptedAtSitting {ITEM1} }}", "Act-adoptedAtSitting", "untoc:adoptedAtSitting", OLD),
    ("act-adopted-at-a-sitting-as-meeting", f"INSERT DATA {{ {OLD} untoc:adoptedAt {S1} }}", "Act-adoptedAt", "untoc:adoptedAt", OLD),
    ("draft-symbol-not-a-symbol", f'DELETE DATA {{ {RES} untoc:draftSymbol "CTOC/COP/2024/L.11" }} ; INSERT DATA {{ {RES} untoc:draftSymbol "L 11" }}',
     "Act-draftSymbol", "untoc:draftSymbol", RES),
    ("sponsor-is-a-topic", f"INSERT DATA {{ {RES} untoc:sponsor topic:firearms }}", "Act-sponsor", "untoc:sponsor", RES),
    ("act-recalls-a-meeting", f"INSERT DATA {{ {RES} untoc:recalls {M1} }}", "Act-recalls", "untoc:recalls", RES),
    ("act-cites-a-document", f"INSERT DATA {{ {RES} untoc:cites {DOC} }}", "Act-cites", "untoc:cites", RES),
    ("annex-is-an-item", f"INSERT DATA {{ {RES} untoc:annex {ANNEX_ITEM} }}", "Act-annex", "untoc:annex", RES),
    ("preamble-is-an-annex", f"INSERT DATA {{ {RES} untoc:preambularParagraph {ANNEX} }}", "Act-preambularParagraph", "untoc:preambularParagraph", RES),
    ("operative-paragraph-is-a-recommendation", f"INSERT DATA {{ {RES} untoc:operativeParagraph {REC1} }}",
     "Act-operativeParagraph", "untoc:operativeParagraph", RES),
    ("adopted-under-a-sitting", f"INSERT DATA {{ {RES} untoc:adoptedUnder {S1} }}", "Act-adoptedUnder", "untoc:adoptedUnder", RES),
    ("recommendation-adopted-under-a-sitting", f"INSERT DATA {{ {REC1} untoc:adoptedUnder {S1} }}",
     "Recommendation-adoptedUnder", "untoc:adoptedUnder", REC1),
    ("recommendation-adopted-under-another-meetings-item",
     f"DELETE WHERE {{ {REC1} untoc:adoptedUnder ?item }} ; INSERT DATA {{ {REC1} untoc:adoptedUnder {JOINT} }}",
     "RecommendationItemOfItsMeetingShape", "", REC1),
    ("act-without-provenance", f"DELETE WHERE {{ {OLD} prov:wasDerivedFrom ?r }}", "Act-provenance", "prov:wasDerivedFrom", OLD),
    ("act-adopted-after-the-meeting", f'DELETE DATA {{ {RES} untoc:adoptedOn "2024-06-04"^^xsd:date }} ; INSERT DATA {{ {RES} untoc:adoptedOn "2024-10-18"^^xsd:date }}',
     "AdoptedOnShape", "untoc:adoptedOn", RES),
    ("act-adopted-at-another-meetings-sitting", f"DELETE DATA {{ {RES} untoc:adoptedAtSitting {S2} }} ; INSERT DATA {{ {RES} untoc:adoptedAtSitting {M2S1} }}",
     "AdoptedAtSittingShape", "untoc:adoptedAtSitting", RES),
    # annexes, paragraphs, annex items
    ("annex-without-number", f"DELETE WHERE {{ {ANNEX} untoc:annexNumber ?n }}", "Annex-number", "untoc:annexNumber", ANNEX),
    ("annex-without-title", f"DELETE WHERE {{ {ANNEX} dcterms:title ?t }}", "Annex-title", "dcterms:title", ANNEX),
    ("annex-repeats-a-report", f"DELETE WHERE {{ {ANNEX} untoc:recommendationsOf ?m }} ; INSERT DATA {{ {ANNEX} untoc:recommendationsOf {REPORT} }}",
     "Annex-recommendationsOf", "untoc:recommendationsOf", ANNEX),
    ("annex-item-is-a-paragraph", f"INSERT DATA {{ {ANNEX} untoc:annexItem {OPERATIVE} }}", "Annex-item", "untoc:annexItem", ANNEX),
    ("annex-of-no-act", f"DELETE DATA {{ {RES} untoc:annex {ANNEX} }}", "Annex-act", "^untoc:annex", ANNEX),
    ("annex-without-provenance", f"DELETE WHERE {{ {ANNEX} prov:wasDerivedFrom ?r }}", "Annex-provenance", "prov:wasDerivedFrom", ANNEX),
    ("paragraph-with-two-texts", f'INSERT DATA {{ {OPERATIVE} untoc:text "请各国定期审查弹药储存。"@zh }}', "ActParagraph-text", "untoc:text", OPERATIVE),
    ("paragraph-without-position", f"DELETE WHERE {{ {PREAMBLE} untoc:order ?o }}", "ActParagraph-order", "untoc:order", PREAMBLE),
    ("paragraph-number-as-integer", f'DELETE DATA {{ {OPERATIVE} untoc:paragraphNumber "1" }} ; INSERT DATA {{ {OPERATIVE} untoc:paragraphNumber 1 }}',
     "ActParagraph-number", "untoc:paragraphNumber", OPERATIVE),
    ("paragraph-of-no-act", f"DELETE DATA {{ {RES} untoc:preambularParagraph {PREAMBLE} }}", "ActParagraph-act",
     "^(untoc:preambularParagraph|untoc:operativeParagraph)", PREAMBLE),
    ("paragraph-without-provenance", f"DELETE WHERE {{ {PREAMBLE} prov:wasDerivedFrom ?r }}", "ActParagraph-provenance", "prov:wasDerivedFrom", PREAMBLE),
    ("operative-paragraph-without-number", f"DELETE WHERE {{ {OPERATIVE} untoc:paragraphNumber ?n }}", "OperativeParagraphShape", "untoc:paragraphNumber", OPERATIVE),
    ("annex-item-without-label", f"DELETE WHERE {{ {ANNEX_ITEM} untoc:label ?l }}", "AnnexItem-label", "untoc:label", ANNEX_ITEM),
    ("annex-item-without-text", f"DELETE WHERE {{ {ANNEX_ITEM} untoc:text ?t }}", "AnnexItem-text", "untoc:text", ANNEX_ITEM),
    ("annex-item-heading-untagged", f'INSERT DATA {{ {ANNEX_ITEM} untoc:heading "无语言标记" }}', "AnnexItem-heading", "untoc:heading", ANNEX_ITEM),
    ("annex-item-order-letter", f'DELETE DATA {{ {ANNEX_ITEM} untoc:order 1 }} ; INSERT DATA {{ {ANNEX_ITEM} untoc:order "a" }}',
     "AnnexItem-order", "untoc:order", ANNEX_ITEM),
    ("annex-item-in-no-annex", f"DELETE DATA {{ {ANNEX} untoc:annexItem {ANNEX_ITEM} }}", "AnnexItem-annex", "^untoc:annexItem", ANNEX_ITEM),
    ("annex-item-without-provenance", f"DELETE WHERE {{ {ANNEX_ITEM} prov:wasDerivedFrom ?r }}", "AnnexItem-provenance", "prov:wasDerivedFrom", ANNEX_ITEM),
    # documents and the report
    ("document-symbol-malformed", f'INSERT DATA {{ {DOC} untoc:symbol "WG2 2024 1" }}', "Document-symbol", "untoc:symbol", DOC),
    ("document-description-untagged", f'INSERT DATA {{ {DOC} dcterms:description "说明" }}', "Document-description", "dcterms:description", DOC),
    ("meeting-document-without-symbol", f"DELETE WHERE {{ {DOC} untoc:symbol ?s }}", "MeetingDocument-symbol", "untoc:symbol", DOC),
    ("meeting-document-without-label", f"DELETE WHERE {{ {DOC} rdfs:label ?l }}", "MeetingDocument-label", "rdfs:label", DOC),
    ("meeting-document-without-provenance", f"DELETE WHERE {{ {DOC} prov:wasDerivedFrom ?r }}", "MeetingDocument-provenance", "prov:wasDerivedFrom", DOC),
    ("report-without-title", f"DELETE WHERE {{ {REPORT} dcterms:title ?t }}", "Report-title", "dcterms:title", REPORT),
    ("report-language-spelled-out", f'DELETE DATA {{ {REPORT} dcterms:language "zh" }} ; INSERT DATA {{ {REPORT} dcterms:language "Chinese" }}',
     "Report-language", "dcterms:language", REPORT),
    ("report-checksum-short", f"DELETE WHERE {{ {REPORT} untoc:sha256 ?h }} ; INSERT DATA {{ {REPORT} untoc:sha256 \"0f3c\" }}",
     "Report-sha256", "untoc:sha256", REPORT),
    ("report-size-zero", f"DELETE WHERE {{ {REPORT} untoc:byteSize ?b }} ; INSERT DATA {{ {REPORT} untoc:byteSize 0 }}", "Report-byteSize", "untoc:byteSize", REPORT),
    ("report-file-with-folder", f'DELETE WHERE {{ {REPORT} untoc:sourceFile ?f }} ; INSERT DATA {{ {REPORT} untoc:sourceFile "samples/000.txt" }}',
     "Report-sourceFile", "untoc:sourceFile", REPORT),
    ("report-without-loader-version", f"DELETE WHERE {{ {REPORT} untoc:loaderVersion ?v }}", "Report-loaderVersion", "untoc:loaderVersion", REPORT),
    ("report-with-an-empty-reading-gap", f'INSERT DATA {{ {REPORT} untoc:readingGap "" }}', "Report-readingGap", "untoc:readingGap", REPORT),
    ("report-load-time-as-date", f'DELETE WHERE {{ {REPORT} prov:generatedAtTime ?t }} ; INSERT DATA {{ {REPORT} prov:generatedAtTime "2024-11-27"^^xsd:date }}',
     "Report-generatedAtTime", "prov:generatedAtTime", REPORT),
    ("report-distributed-twice", f'INSERT DATA {{ {REPORT} untoc:distributionDate "2024-06-11"^^xsd:date }}',
     "Report-distributionDate", "untoc:distributionDate", REPORT),
    ("report-of-nothing", f"DELETE WHERE {{ {REPORT} untoc:reportOf ?m }}", "Report-reportOf", "untoc:reportOf", REPORT),
    ("report-cites-a-state", f"INSERT DATA {{ {REPORT} untoc:cites <https://w3id.org/untoc-kg/id/state/ARG> }}", "Report-cites", "untoc:cites", REPORT),
    ("derived-from-a-meeting", f"INSERT DATA {{ {S1} prov:wasDerivedFrom {M1} }}", "Sitting-provenance", "prov:wasDerivedFrom", S1),
    ("paragraph-number-as-integer-literal", f'INSERT DATA {{ {PARTY} untoc:paragraph 52 }}', "Provenance-paragraph", "untoc:paragraph", PARTY),
    ("extracted-by-free-text", f'INSERT DATA {{ {PARTY} untoc:extractedBy "by hand" }}', "Provenance-extractedBy", "untoc:extractedBy", PARTY),
    # the report paragraphs facts were read from
    ("read-from-a-recommendation", f"INSERT DATA {{ {PARTY} untoc:fromParagraph {REC1} }}", "Provenance-fromParagraph", "untoc:fromParagraph", PARTY),
    ("paragraph-number-without-its-paragraph", f"DELETE DATA {{ {PARTY} untoc:fromParagraph {P52} }}",
     "Provenance-paragraphAgrees", "untoc:fromParagraph/untoc:paragraphNumber", PARTY),
    ("read-from-another-paragraph-than-its-number", f"DELETE DATA {{ {PARTY} untoc:fromParagraph {P52} }} ; INSERT DATA {{ {PARTY} untoc:fromParagraph {P12} }}",
     "Provenance-paragraphAgrees", "untoc:fromParagraph/untoc:paragraphNumber", PARTY),
    ("read-from-a-paragraph-without-a-number", f"DELETE WHERE {{ {PARTY} untoc:paragraph ?n }}",
     "Provenance-paragraphAgrees", "untoc:fromParagraph/untoc:paragraphNumber", PARTY),
    ("read-from-another-reports-paragraph", f"DELETE DATA {{ {P52} dcterms:isPartOf {REPORT} }} ; INSERT DATA {{ {P52} dcterms:isPartOf {OTHER_REPORT} }}",
     "Provenance-paragraphOfItsReport", "untoc:fromParagraph/dcterms:isPartOf", PARTY),
    ("report-paragraph-without-text", f"DELETE WHERE {{ {P52} untoc:text ?t }}", "ReportParagraph-text", "untoc:text", P52),
    ("report-paragraph-text-empty", f'DELETE WHERE {{ {P52} untoc:text ?t }} ; INSERT DATA {{ {P52} untoc:text ""@zh }}',
     "ReportParagraph-text", "untoc:text", P52),
    ("report-paragraph-text-untagged", f'DELETE WHERE {{ {P52} untoc:text ?t }} ; INSERT DATA {{ {P52} untoc:text "在议程项目 2 下作了发言。" }}',
     "ReportParagraph-text", "untoc:text", P52),
    ("report-paragraph-with-two-texts", f'INSERT DATA {{ {P52} untoc:text "另一段案文。"@zh }}', "ReportParagraph-text", "untoc:text", P52),
    ("report-paragraph-without-number", f"DELETE WHERE {{ {P52} untoc:paragraphNumber ?n }}", "ReportParagraph-number", "untoc:paragraphNumber", P52),
    ("report-paragraph-number-in-words", f'DELETE DATA {{ {P52} untoc:paragraphNumber "52" }} ; INSERT DATA {{ {P52} untoc:paragraphNumber "五十二" }}',
     "ReportParagraph-number", "untoc:paragraphNumber", P52),
    ("report-paragraph-of-no-report", f"DELETE WHERE {{ {P52} dcterms:isPartOf ?r }}", "ReportParagraph-report", "dcterms:isPartOf", P52),
    ("report-paragraph-part-of-a-meeting", f"DELETE WHERE {{ {P52} dcterms:isPartOf ?r }} ; INSERT DATA {{ {P52} dcterms:isPartOf {M1} }}",
     "ReportParagraph-report", "dcterms:isPartOf", P52),
    ("report-paragraph-named-by-another-number", f'DELETE DATA {{ {P12} untoc:paragraphNumber "12" }} ; INSERT DATA {{ {P12} untoc:paragraphNumber "13" }}',
     "ReportParagraphIdentityShape", "", REPORT),
    ("report-paragraph-text-in-another-language", f'DELETE WHERE {{ {P12} untoc:text ?t }} ; INSERT DATA {{ {P12} untoc:text "The Working Group considered item 2."@en }}',
     "ReportParagraphIdentityShape", "", REPORT),
    # States, organizations, bodies
    ("iso-alpha2-lower-case", f'DELETE DATA {{ <https://w3id.org/untoc-kg/id/state/ARG> untoc:iso3166Alpha2 "AR" }} ; INSERT DATA {{ <https://w3id.org/untoc-kg/id/state/ARG> untoc:iso3166Alpha2 "Ar" }}',
     "State-alpha2", "untoc:iso3166Alpha2", "<https://w3id.org/untoc-kg/id/state/ARG>"),
    ("iso-alpha3-two-letters", f'DELETE DATA {{ <https://w3id.org/untoc-kg/id/state/ARG> untoc:iso3166Alpha3 "ARG" }} ; INSERT DATA {{ <https://w3id.org/untoc-kg/id/state/ARG> untoc:iso3166Alpha3 "Ar" }}',
     "State-alpha3", "untoc:iso3166Alpha3", "<https://w3id.org/untoc-kg/id/state/ARG>"),
    ("m49-without-leading-zero", f'DELETE DATA {{ <https://w3id.org/untoc-kg/id/state/ARG> untoc:m49 "032" }} ; INSERT DATA {{ <https://w3id.org/untoc-kg/id/state/ARG> untoc:m49 "32" }}',
     "State-m49", "untoc:m49", "<https://w3id.org/untoc-kg/id/state/ARG>"),
    ("state-code-not-alpha3", f'DELETE DATA {{ <https://w3id.org/untoc-kg/id/state/USA> untoc:code "USA" }} ; INSERT DATA {{ <https://w3id.org/untoc-kg/id/state/USA> untoc:code "US" }}',
     "State-code", "untoc:code", "<https://w3id.org/untoc-kg/id/state/USA>"),
    ("state-code-other-than-its-alpha3", f'DELETE DATA {{ <https://w3id.org/untoc-kg/id/state/USA> untoc:code "USA" }} ; INSERT DATA {{ <https://w3id.org/untoc-kg/id/state/USA> untoc:code "UMI" }}',
     "State-codeIsAlpha3", "untoc:code", "<https://w3id.org/untoc-kg/id/state/USA>"),
    ("state-without-chinese-name", f'DELETE DATA {{ <https://w3id.org/untoc-kg/id/state/ARG> skos:prefLabel "阿根廷"@zh }}', "State-prefLabel", "skos:prefLabel", "<https://w3id.org/untoc-kg/id/state/ARG>"),
    ("state-with-two-chinese-names", f'INSERT DATA {{ <https://w3id.org/untoc-kg/id/state/ARG> skos:prefLabel "阿根廷共和国"@zh }}', "State-prefLabel", "skos:prefLabel", "<https://w3id.org/untoc-kg/id/state/ARG>"),
    ("state-other-name-untagged", f'INSERT DATA {{ <https://w3id.org/untoc-kg/id/state/ARG> skos:altLabel "Argentine Republic" }}', "State-altLabel", "skos:altLabel", "<https://w3id.org/untoc-kg/id/state/ARG>"),
    ("state-same-as-a-web-page", f"DELETE WHERE {{ <https://w3id.org/untoc-kg/id/state/USA> owl:sameAs ?q }} ; INSERT DATA {{ <https://w3id.org/untoc-kg/id/state/USA> owl:sameAs <https://en.wikipedia.org/wiki/United_States> }}",
     "State-sameAs", "owl:sameAs", "<https://w3id.org/untoc-kg/id/state/USA>"),
    ("organization-code-lower-case", f'DELETE DATA {{ <https://w3id.org/untoc-kg/id/organization/INTERPOL> untoc:code "INTERPOL" }} ; INSERT DATA {{ <https://w3id.org/untoc-kg/id/organization/INTERPOL> untoc:code "interpol" }}',
     "Organization-code", "untoc:code", "<https://w3id.org/untoc-kg/id/organization/INTERPOL>"),
    ("organization-without-english-name", f'DELETE DATA {{ <https://w3id.org/untoc-kg/id/organization/EU> skos:prefLabel "European Union"@en }}',
     "Organization-prefLabel", "skos:prefLabel", "<https://w3id.org/untoc-kg/id/organization/EU>"),
    ("organization-same-as-a-literal", f'INSERT DATA {{ <https://w3id.org/untoc-kg/id/organization/INTERPOL> owl:sameAs "Q5"  }}', "Organization-sameAs", "owl:sameAs", "<https://w3id.org/untoc-kg/id/organization/INTERPOL>"),
    ("body-without-symbol", f"DELETE WHERE {{ <https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.3> untoc:symbol ?s }}", "Body-symbol", "untoc:symbol", "<https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.3>"),
    ("body-code-other-than-symbol", f'DELETE DATA {{ <https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.3> untoc:code "CTOC/COP/WG.3" }} ; INSERT DATA {{ <https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.3> untoc:code "WG3" }}',
     "Body-codeIsSymbol", "untoc:code", "<https://w3id.org/untoc-kg/id/body/CTOC-COP-WG.3>"),
    # topics and controlled values (the reference graphs are checked too)
    ("topic-outside-the-scheme", 'INSERT DATA { topic:piracy a untoc:Topic ; skos:prefLabel "海盗行为"@zh , "Piracy"@en }',
     "Topic-inScheme", "skos:inScheme", "topic:piracy"),
    ("topic-with-one-label", 'INSERT DATA { topic:piracy a untoc:Topic ; skos:inScheme topic:scheme ; skos:prefLabel "海盗行为"@zh }',
     "Topic-prefLabel", "skos:prefLabel", "topic:piracy"),
    ("topic-keyword-tagged", 'INSERT DATA { topic:firearms untoc:keyword "枪"@zh }', "Topic-keyword", "untoc:keyword", "topic:firearms"),
    ("topic-broader-than-a-state", 'INSERT DATA { topic:firearms skos:broader <https://w3id.org/untoc-kg/id/state/ARG> }', "Topic-broader", "skos:broader", "topic:firearms"),
    ("speaker-role-without-key", 'INSERT DATA { untoc:Moderator a untoc:SpeakerRole ; skos:inScheme untoc:SpeakerRoles }',
     "ControlledValue-notation", "skos:notation", "untoc:Moderator"),
    ("status-outside-any-scheme", 'INSERT DATA { untoc:GuestStatus a untoc:ParticipationStatus ; skos:notation "guest" }',
     "ControlledValue-inScheme", "skos:inScheme", "untoc:GuestStatus"),
]

WARNING_CASES = [
    ("meeting-without-agenda", f"""INSERT DATA {{ {M3} a untoc:Meeting ; untoc:body {WG3} ;
         rdfs:label "国际合作工作组会议（2023-09-11）"@zh , "Working Group on International Cooperation, meeting of 2023-09-11"@en ;
         untoc:startDate "2023-09-11"^^xsd:date ; untoc:endDate "2023-09-12"^^xsd:date ;
         prov:wasDerivedFrom {REPORT} }}""", "Meeting-hasAgenda", "untoc:agendaItem", M3),
    ("more-sittings-than-stated", f"DELETE DATA {{ {M1} untoc:sittingCount 4 }} ; INSERT DATA {{ {M1} untoc:sittingCount 1 }}",
     "SittingCountShape", "untoc:sittingCount", M1),
    ("person-speaks-for-nobody", f"DELETE WHERE {{ {PANEL} untoc:forState ?s }}", "Statement-personFor", "untoc:forState", PANEL),
]


def _matches(v: Violation, shape: str, path: str, focus: str | None) -> bool:
    return (v.shape == f"shapes:{shape}" and v.path == path
            and (focus is None or v.focus == node(focus)))


@pytest.mark.parametrize("update, shape, path, focus", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_violation_is_reported_by_its_shape(update, shape, path, focus):
    results = validate_graph(broken(update))
    assert any(_matches(v, shape, path, focus) and v.severity == "Violation" for v in results), \
        "\n".join(v.line() for v in results) or "no result at all"


@pytest.mark.parametrize("update, shape, path, focus", [c[1:] for c in WARNING_CASES], ids=[c[0] for c in WARNING_CASES])
def test_warnings_are_reported_as_warnings(update, shape, path, focus):
    results = validate_graph(broken(update))
    assert any(_matches(v, shape, path, focus) and v.severity == "Warning" for v in results), \
        "\n".join(v.line() for v in results) or "no result at all"
    assert not [v for v in results if v.severity == "Violation"]


def test_every_named_shape_has_a_negative_case():
    """A shape nobody breaks on purpose is a shape nobody knows works."""
    graph = shapes_graph()
    named = {compact(str(s)) for kind in (SH.NodeShape, SH.PropertyShape)
             for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    covered = {f"shapes:{c[2]}" for c in CASES + WARNING_CASES}
    # ProvenanceShape only asks for IRIs, which every node the loader writes has; the
    # nodes it covers are the subjects of untoc:paragraph and untoc:extractedBy.
    exempt = {"shapes:ProvenanceShape", "shapes:SittingShape", "shapes:AgendaItemShape",
              "shapes:StatementShape", "shapes:ParticipationShape", "shapes:OfficeHoldingShape",
              "shapes:RecommendationShape", "shapes:ActShape", "shapes:AnnexShape",
              "shapes:ActParagraphShape", "shapes:ReportParagraphShape", "shapes:AnnexItemShape", "shapes:DocumentShape",
              "shapes:MeetingDocumentShape", "shapes:ReportShape", "shapes:PersonShape",
              "shapes:StateShape", "shapes:OrganizationShape", "shapes:BodyShape", "shapes:TopicShape",
              "shapes:ControlledValueShape"}
    # The serving layer's shapes are broken on purpose in tests/test_serving.py.
    serving = {name for name in named if name.startswith("shapes:Serving")}
    assert sorted(named - covered - exempt - serving) == []


# ------------------------------------------------------------------ the shapes graph


def test_every_shape_is_labelled_and_has_an_english_message():
    graph = shapes_graph()
    shapes = {s for kind in (SH.NodeShape, SH.PropertyShape) for s in graph.subjects(RDF.type, kind)
              if isinstance(s, URIRef)}
    assert len(shapes) >= 150
    for shape in shapes:
        assert graph.value(shape, RDFS.label) is not None or graph.value(shape, SH.name) is not None, shape
        messages = [m for m in graph.objects(shape, SH.message) if m.language == "en"]
        assert messages, f"{shape} has no English sh:message"
        has_target = any(graph.value(shape, p) is not None for p in
                         (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target))
        assert has_target, f"{shape} has no target and so checks nothing"


def test_shape_counts_are_reported():
    counts = shape_counts()
    assert counts["node shapes"] >= 30 and counts["property shapes"] >= 140
    assert counts["sparql constraints"] >= 8


def test_a_violation_reads_as_one_line():
    results = validate_graph(broken(f"DELETE WHERE {{ {PARTY} untoc:speaker ?s }}"))
    line = next(v.line() for v in results if v.shape == "shapes:Statement-speaker")
    assert line == ("Violation: id:meeting/CTOC-COP-WG.2/2024-06-03/item/2/statement/party/ARG untoc:speaker — "
                    "Every statement names exactly one speaker (untoc:speaker): a State, an organization or a person. "
                    "(shapes:Statement-speaker)")


def test_results_come_in_a_stable_order():
    update = (f"DELETE WHERE {{ {PARTY} untoc:speaker ?s }} ; DELETE WHERE {{ {M2} untoc:agendaItem ?i }} ; "
              f"DELETE WHERE {{ {REC1} untoc:text ?t }}")
    first, second = validate_graph(broken(update)), validate_graph(broken(update))
    assert first == second
    severities = [v.severity for v in first]
    assert severities == sorted(severities, key=["Violation", "Warning", "Info"].index)


# ------------------------------------------------------------------ real reports


def test_the_graph_of_report_000_conforms(records_000):
    from untoc_kg.mapping import map_report
    from untoc_kg.reference import gazetteer_graph

    data = Graph()
    data += map_report(records_000)
    data += gazetteer_graph()
    start = time.perf_counter()
    results = validate_graph(data)
    elapsed = time.perf_counter() - start
    assert [v.line() for v in results if v.severity == "Violation"] == []
    assert elapsed < 5, f"validating one report took {elapsed:.1f} s"
