"""The pkg: vocabulary as Python names, mirroring ontology.ttl term for term.

``PKG.leadAgency`` is a URIRef; a name not declared in ontology.ttl raises AttributeError
(``_fail = True``), so a typo in an exporter fails loudly instead of minting an undeclared term.
tests/graph/test_vocab_matches_ontology.py keeps this list equal to the ontology's terms.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class PKG(DefinedNamespace):
    """policykg ontology (https://w3id.org/policykg/ontology#); each term: 中文: English."""

    _fail = True

    # classes
    Document: URIRef  # 文件: Document
    Plan: URIRef  # 实施方案: Plan
    Section: URIRef  # 章节: Section
    Task: URIRef  # 重点任务: Task
    Assignment: URIRef  # 任务分工: Assignment
    Agency: URIRef  # 单位: Agency
    Function: URIRef  # 职能: Function
    Jurisdiction: URIRef  # 行政区划: Jurisdiction
    Hospital: URIRef  # 医疗机构: Hospital
    Indicator: URIRef  # 指标: Indicator
    IndicatorValue: URIRef  # 指标值: Indicator value
    Source: URIRef  # 源文件: Source file
    Build: URIRef  # 构建: Build
    Responsibility: URIRef  # 任务职责: Responsibility (qualified lead/cooperating/responsible)
    Accountability: URIRef  # 指标责任: Accountability (qualified accountableAgency)
    Citation: URIRef  # 引用: Citation (qualified implements/references)
    Role: URIRef  # 职责类型: Role
    CitationKind: URIRef  # 引用类型: Citation kind

    # named individuals
    LeadRole: URIRef  # 牵头: lead
    CooperatingRole: URIRef  # 配合: cooperating
    ResponsibleRole: URIRef  # 负责: responsible
    BasisCitation: URIRef  # 贯彻落实: implements
    ReferenceCitation: URIRef  # 引用: references

    # object properties: direct relationships
    hasSection: URIRef  # 包含章节: has section
    hasTask: URIRef  # 包含任务: has task
    inSection: URIRef  # 所属章节: in section
    hasAssignment: URIRef  # 分工: has assignment
    leadAgency: URIRef  # 牵头单位: lead agency
    cooperatingAgency: URIRef  # 配合单位: cooperating agency
    responsibleAgency: URIRef  # 责任单位: responsible agency
    accountableAgency: URIRef  # 指标责任单位: accountable agency
    mentionsHospital: URIRef  # 涉及医疗机构: mentions hospital
    implements: URIRef  # 贯彻落实: implements
    references: URIRef  # 引用: references
    issuedBy: URIRef  # 发文机关: issued by
    governs: URIRef  # 适用地区: governs
    inJurisdiction: URIRef  # 所属行政区: in jurisdiction
    within: URIRef  # 隶属: within
    hasFunction: URIRef  # 职能: has function
    hasIndicator: URIRef  # 包含指标: has indicator
    hasValue: URIRef  # 指标值: has value
    fromSource: URIRef  # 来源文件: from source
    versionOf: URIRef  # 版本: version of
    evidence: URIRef  # 依据原文: evidence

    # object properties of the qualified nodes
    agency: URIRef  # 单位: agency
    task: URIRef  # 任务: task
    role: URIRef  # 职责类型: role
    indicator: URIRef  # 指标: indicator
    citingDocument: URIRef  # 引用文件: citing document
    citedDocument: URIRef  # 被引文件: cited document
    citationKind: URIRef  # 引用类型: citation kind

    # datatype properties
    docNumber: URIRef  # 发文字号: doc number
    issued: URIRef  # 成文日期: issued
    status: URIRef  # 文件状态: status
    loaded: URIRef  # 已载入: loaded
    warning: URIRef  # 提取警告: warning
    warningCount: URIRef  # 警告数: warning count
    taskId: URIRef  # 任务编号: task id
    number: URIRef  # 序号: number
    taskKind: URIRef  # 任务类别: task kind
    text: URIRef  # 正文: text
    deadline: URIRef  # 完成时限: deadline
    ongoing: URIRef  # 持续推进: ongoing
    deadlineWritten: URIRef  # 时限原文: deadline as written
    order: URIRef  # 顺序: order
    writtenAs: URIRef  # 原文写法: written as
    linkStatus: URIRef  # 依据状态: link status
    inferenceRule: URIRef  # 推断规则: inference rule
    rowLabel: URIRef  # 任务栏原文: row label
    category: URIRef  # 一级指标: category
    unit: URIRef  # 单位: unit
    foundIn: URIRef  # 出处: found in
    qualifier: URIRef  # 限定语: qualifier
    year: URIRef  # 年份: year
    value: URIRef  # 数值: value
    valueKind: URIRef  # 数值类型: value kind
    path: URIRef  # 文件路径: path
    sha256: URIRef  # 文件摘要: sha256
    encoding: URIRef  # 字符编码: encoding
    characters: URIRef  # 字符数: characters
    format: URIRef  # 文件格式: format
    textSha256: URIRef  # 文本摘要: text sha256
    quote: URIRef  # 引文: quote
    line: URIRef  # 行号: line
    column: URIRef  # 列号: column
    page: URIRef  # 页码: page
    context: URIRef  # 上下文: context
    toolVersion: URIRef  # 工具版本: tool version
    documentCount: URIRef  # 文件数: document count

    _NS = Namespace("https://w3id.org/policykg/ontology#")


# Vocabularies rdflib does not ship as DefinedNamespaces (open namespaces: spell carefully).
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ID = Namespace("https://w3id.org/policykg/id/")  # instance IRIs: ID + percent-encoded node key
