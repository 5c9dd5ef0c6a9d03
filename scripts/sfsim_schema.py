#!/usr/bin/env python3
"""Writes salesforce/sfsim/schema/standard.json: the describe (REST wire
format) of the standard objects sfsim serves. Fields, types, lengths and
picklist values follow Salesforce's Object Reference and Field Reference
(developer.salesforce.com/docs/platform/object-reference, field-reference);
User's locale/time-zone picklists carry a subset of their values.
Run: python3 scripts/sfsim_schema.py"""
import json, os

SOAP = {"id": "tns:ID", "reference": "tns:ID", "string": "xsd:string", "textarea": "xsd:string",
        "picklist": "xsd:string", "multipicklist": "xsd:string", "combobox": "xsd:string",
        "email": "xsd:string", "phone": "xsd:string", "url": "xsd:string", "boolean": "xsd:boolean",
        "currency": "xsd:double", "double": "xsd:double", "percent": "xsd:double", "int": "xsd:int",
        "date": "xsd:date", "datetime": "xsd:dateTime"}

def F(name, label, typ, length=0, prec=0, scale=0, flags="", ref=None, rel=None, values=None, default=None, digits=0):
    """flags: r=required (not nillable), o=read-only (system/calculated), c=create-only,
    d=defaulted on create, k=calculated, a=auto-number, x=restricted picklist, n=name field,
    u=unique, e=external id"""
    ro = "o" in flags or "k" in flags or "a" in flags
    f = {"name": name, "label": label, "type": typ, "soapType": SOAP[typ],
         "length": length, "byteLength": length * 3, "precision": prec, "scale": scale, "digits": digits,
         "nillable": not ("r" in flags or typ == "boolean" or typ == "id"),
         "createable": not ro and typ != "id", "updateable": not ro and "c" not in flags and typ != "id",
         "defaultedOnCreate": "d" in flags or typ == "boolean" or typ == "id" or "a" in flags,
         "calculated": "k" in flags, "autoNumber": "a" in flags, "restrictedPicklist": "x" in flags,
         "nameField": "n" in flags, "unique": "u" in flags, "externalId": "e" in flags, "custom": False,
         "idLookup": typ == "id" or "u" in flags, "filterable": typ != "textarea" or length <= 255,
         "sortable": typ != "textarea" or length <= 255,
         "referenceTo": ref or [], "relationshipName": rel, "picklistValues": [], "defaultValue": None}
    if typ == "boolean":
        f["defaultValue"] = False
    for v in values or []:
        value, lab = v if isinstance(v, tuple) else (v, v)  # (API value, label) where they differ
        f["picklistValues"].append({"active": True, "defaultValue": value == default, "label": lab, "validFor": None, "value": value})
    return f

def P(name, label, values, flags="", default=None, length=255):
    return F(name, label, "picklist", length, flags=flags, values=values, default=default)

def ref(name, label, to, rel, flags=""):
    return F(name, label, "reference", 18, flags=flags, ref=to if isinstance(to, list) else [to], rel=rel)

def system(owner=True):
    out = [F("Id", "Record ID", "id", 18),
           F("IsDeleted", "Deleted", "boolean", flags="o"),
           F("CreatedDate", "Created Date", "datetime", flags="od"),
           ref("CreatedById", "Created By ID", "User", "CreatedBy", "od"),
           F("LastModifiedDate", "Last Modified Date", "datetime", flags="od"),
           ref("LastModifiedById", "Last Modified By ID", "User", "LastModifiedBy", "od"),
           F("SystemModstamp", "System Modstamp", "datetime", flags="od")]
    if owner:
        out.append(ref("OwnerId", "Owner ID", ["Group", "User"] if owner == "group" else ["User"], "Owner", "rd"))
    return out

def address(prefix, label):
    p = prefix
    return [F(p + "Street", label + " Street", "textarea", 255), F(p + "City", label + " City", "string", 40),
            F(p + "State", label + " State/Province", "string", 80), F(p + "PostalCode", label + " Zip/Postal Code", "string", 20),
            F(p + "Country", label + " Country", "string", 80)]

# Standard picklist values, checked (December 2026) against:
# - Opportunity.StageName: the ten default stages Prospecting ... Closed Lost, as listed in
#   Salesforce's default sales process (crmnewstoday.com/?p=553 quoting the defaults; the same ten in
#   an org's describe).
# - Lead.Status: Open - Not Contacted, Working - Contacted, Closed - Converted, Closed - Not Converted
#   (Metadata API Developer Guide, BusinessProcess sample: developer.salesforce.com/docs/atlas.en-us.
#   api_meta.meta/api_meta/meta_businessprocess.htm, and the LeadStatus object reference).
# - Quote.Status: Draft (default), Needs Review, In Review, Approved, Rejected, Presented, Accepted,
#   Denied (a retrieved QuoteStatus.standardValueSet of an unmodified org, same eight in order).
# - Asset.Status: "Customizable picklist of values. The default picklist includes the following
#   values: Purchased, Shipped, Installed, Registered, Obsolete" (Object Reference, Asset:
#   developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_asset.htm).
# - Case.Origin Phone, Email, Web and Case.Priority High, Medium, Low ("The source of the case, such
#   as Email, Phone, or Web"; "such as High, Medium, or Low": Health Cloud Developer Guide, Care
#   Authorization Case Input, mapping to Case.Origin and Case.Priority); Case.Status, Type and Reason,
#   Account Industry (32 values), Type, Rating, Ownership and AccountSource, Task Status and
#   Priority, and Order Status/StatusCode (value Canceled, label Cancelled) as an org's describe
#   returns them.
# - User: UserType values and labels from the Object Reference, User (API 10.0 and later: Standard,
#   PowerPartner "Partner", CSPLitePortal "High Volume Portal", CustomerSuccess "Customer Portal
#   User", PowerCustomerSuccess "Customer Portal Manager", CsnOnly, ...; developer.salesforce.com/
#   docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_user.htm); required
#   on create: Username, LastName, Email, Alias, TimeZoneSidKey, LocaleSidKey, EmailEncodingKey,
#   LanguageLocaleKey, ProfileId (sfdx-core's REQUIRED_FIELDS for User, forcedotcom.github.io/
#   sfdx-core/variables/org_user.REQUIRED_FIELDS.html).
INDUSTRY = ["Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications", "Construction",
            "Consulting", "Education", "Electronics", "Energy", "Engineering", "Entertainment", "Environmental",
            "Finance", "Food & Beverage", "Government", "Healthcare", "Hospitality", "Insurance", "Machinery",
            "Manufacturing", "Media", "Not For Profit", "Recreation", "Retail", "Shipping", "Technology",
            "Telecommunications", "Transportation", "Utilities", "Other"]
RATING = ["Hot", "Warm", "Cold"]
SOURCE = ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"]
SALUTATION = ["Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx."]
STAGES = ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
          "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"]
ACTIVITY_TYPE = ["Call", "Email", "Meeting", "Other"]
WHAT = ["Account", "Asset", "Campaign", "Case", "Contract", "Opportunity", "Order", "Product2", "Quote", "WorkOrder"]

O = {}
def obj(name, label, plural, prefix, fields, owner=True, **kw):
    d = {"name": name, "label": label, "labelPlural": plural, "keyPrefix": prefix, "custom": False,
         "createable": True, "updateable": True, "deletable": True, "queryable": True, "retrieveable": True,
         "searchable": True, "triggerable": True, "layoutable": True, "customSetting": False}
    d.update(kw)
    d["fields"] = system(owner)[:1] + fields + system(owner)[1:]
    O[name] = d

obj("Account", "Account", "Accounts", "001", [
    F("Name", "Account Name", "string", 255, flags="rn"),
    P("Type", "Account Type", ["Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller",
                               "Installation Partner", "Technology Partner", "Other"]),
    ref("ParentId", "Parent Account ID", "Account", "Parent"),
    *address("Billing", "Billing"), *address("Shipping", "Shipping"),
    F("Phone", "Account Phone", "phone", 40), F("Fax", "Account Fax", "phone", 40),
    F("AccountNumber", "Account Number", "string", 40), F("Website", "Website", "url", 255),
    F("Sic", "SIC Code", "string", 20), P("Industry", "Industry", INDUSTRY),
    F("AnnualRevenue", "Annual Revenue", "currency", prec=18, scale=0),
    F("NumberOfEmployees", "Employees", "int", digits=8),
    P("Ownership", "Ownership", ["Public", "Private", "Subsidiary", "Other"]),
    F("TickerSymbol", "Ticker Symbol", "string", 20), F("Description", "Account Description", "textarea", 32000),
    P("Rating", "Account Rating", RATING), F("Site", "Account Site", "string", 80),
    P("AccountSource", "Account Source", SOURCE),
    ref("MasterRecordId", "Master Record ID", "Account", "MasterRecord", "o"),
    F("LastActivityDate", "Last Activity", "date", flags="o"),
    F("PhotoUrl", "Photo URL", "url", 255, flags="o")], owner="user")

obj("Contact", "Contact", "Contacts", "003", [
    ref("AccountId", "Account ID", "Account", "Account"),
    F("LastName", "Last Name", "string", 80, flags="r"), F("FirstName", "First Name", "string", 40),
    P("Salutation", "Salutation", SALUTATION), F("Name", "Full Name", "string", 121, flags="on"),
    *address("Mailing", "Mailing"), *address("Other", "Other"),
    F("Phone", "Business Phone", "phone", 40), F("Fax", "Business Fax", "phone", 40),
    F("MobilePhone", "Mobile Phone", "phone", 40), F("HomePhone", "Home Phone", "phone", 40),
    F("OtherPhone", "Other Phone", "phone", 40), F("AssistantPhone", "Asst. Phone", "phone", 40),
    ref("ReportsToId", "Reports To ID", "Contact", "ReportsTo"),
    F("Email", "Email", "email", 80), F("Title", "Title", "string", 128),
    F("Department", "Department", "string", 80), F("AssistantName", "Assistant's Name", "string", 40),
    P("LeadSource", "Lead Source", SOURCE), F("Birthdate", "Birthdate", "date"),
    F("Description", "Contact Description", "textarea", 32000),
    F("HasOptedOutOfEmail", "Email Opt Out", "boolean"), F("DoNotCall", "Do Not Call", "boolean"),
    F("LastActivityDate", "Last Activity", "date", flags="o")], owner="user")

obj("Lead", "Lead", "Leads", "00Q", [
    F("LastName", "Last Name", "string", 80, flags="r"), F("FirstName", "First Name", "string", 40),
    P("Salutation", "Salutation", SALUTATION), F("Name", "Full Name", "string", 121, flags="on"),
    F("Title", "Title", "string", 128), F("Company", "Company", "string", 255, flags="r"),
    F("Street", "Street", "textarea", 255), F("City", "City", "string", 40), F("State", "State/Province", "string", 80),
    F("PostalCode", "Zip/Postal Code", "string", 20), F("Country", "Country", "string", 80),
    F("Phone", "Phone", "phone", 40), F("MobilePhone", "Mobile Phone", "phone", 40), F("Fax", "Fax", "phone", 40),
    F("Email", "Email", "email", 80), F("Website", "Website", "url", 255),
    F("Description", "Description", "textarea", 32000), P("LeadSource", "Lead Source", SOURCE),
    P("Status", "Status", ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"],
      flags="rd", default="Open - Not Contacted"),
    P("Industry", "Industry", INDUSTRY), P("Rating", "Rating", RATING),
    F("AnnualRevenue", "Annual Revenue", "currency", prec=18, scale=0),
    F("NumberOfEmployees", "Employees", "int", digits=8),
    F("IsConverted", "Converted", "boolean", flags="c"), F("ConvertedDate", "Converted Date", "date", flags="o"),
    ref("ConvertedAccountId", "Converted Account ID", "Account", "ConvertedAccount", "o"),
    ref("ConvertedContactId", "Converted Contact ID", "Contact", "ConvertedContact", "o"),
    ref("ConvertedOpportunityId", "Converted Opportunity ID", "Opportunity", "ConvertedOpportunity", "o"),
    F("IsUnreadByOwner", "Unread By Owner", "boolean"),
    F("HasOptedOutOfEmail", "Email Opt Out", "boolean"), F("DoNotCall", "Do Not Call", "boolean")], owner="group")

obj("Opportunity", "Opportunity", "Opportunities", "006", [
    ref("AccountId", "Account ID", "Account", "Account"),
    F("IsPrivate", "Private", "boolean"), F("Name", "Name", "string", 120, flags="rn"),
    F("Description", "Description", "textarea", 32000),
    P("StageName", "Stage", STAGES, flags="r"),
    F("Amount", "Amount", "currency", prec=18, scale=2),
    F("Probability", "Probability (%)", "percent", prec=3, scale=0, flags="d"),
    F("ExpectedRevenue", "Expected Amount", "currency", prec=18, scale=2, flags="k"),
    F("TotalOpportunityQuantity", "Quantity", "double", prec=18, scale=2),
    F("CloseDate", "Close Date", "date", flags="r"),
    P("Type", "Opportunity Type", ["Existing Customer - Upgrade", "Existing Customer - Replacement",
                                   "Existing Customer - Downgrade", "New Customer"]),
    F("NextStep", "Next Step", "string", 255), P("LeadSource", "Lead Source", SOURCE),
    F("IsClosed", "Closed", "boolean", flags="o"), F("IsWon", "Won", "boolean", flags="o"),
    P("ForecastCategory", "Forecast Category", ["Omitted", "Pipeline", "BestCase", "Forecast", "Closed"], flags="ox", length=40),
    P("ForecastCategoryName", "Forecast Category", ["Omitted", "Pipeline", "Best Case", "Commit", "Closed"], flags="xd"),
    ref("CampaignId", "Campaign ID", "Campaign", "Campaign"),
    F("HasOpportunityLineItem", "Has Line Item", "boolean", flags="o"),
    ref("Pricebook2Id", "Price Book ID", "Pricebook2", "Pricebook2"),
    ref("ContractId", "Contract ID", "Contract", "Contract"),
    F("FiscalQuarter", "Fiscal Quarter", "int", digits=8, flags="o"), F("FiscalYear", "Fiscal Year", "int", digits=8, flags="o"),
    F("Fiscal", "Fiscal Period", "string", 6, flags="o"),
    F("LastActivityDate", "Last Activity", "date", flags="o")], owner="user")

obj("OpportunityLineItem", "Opportunity Product", "Opportunity Product", "00k", [
    ref("OpportunityId", "Opportunity ID", "Opportunity", "Opportunity", "rc"),
    F("SortOrder", "Sort Order", "int", digits=9),
    ref("PricebookEntryId", "Price Book Entry ID", "PricebookEntry", "PricebookEntry", "c"),
    ref("Product2Id", "Product ID", "Product2", "Product2", "c"),
    F("ProductCode", "Product Code", "string", 255, flags="o"),
    F("Name", "Opportunity Product Name", "string", 376, flags="on"),
    F("Quantity", "Quantity", "double", prec=12, scale=2, flags="r"),
    F("TotalPrice", "Total Price", "currency", prec=18, scale=2),
    F("UnitPrice", "Sales Price", "currency", prec=18, scale=2),
    F("ListPrice", "List Price", "currency", prec=18, scale=2, flags="o"),
    F("ServiceDate", "Date", "date"), F("Description", "Line Description", "string", 255),
    F("Discount", "Discount", "percent", prec=5, scale=2),
    F("Subtotal", "Subtotal", "currency", prec=18, scale=2, flags="k")], owner=False)

obj("Case", "Case", "Cases", "500", [
    F("CaseNumber", "Case Number", "string", 30, flags="an"),
    ref("ContactId", "Contact ID", "Contact", "Contact"), ref("AccountId", "Account ID", "Account", "Account"),
    ref("AssetId", "Asset ID", "Asset", "Asset"), ref("ParentId", "Parent Case ID", "Case", "Parent"),
    F("SuppliedName", "Web Name", "string", 80), F("SuppliedEmail", "Web Email", "email", 80),
    F("SuppliedPhone", "Web Phone", "string", 40), F("SuppliedCompany", "Web Company", "string", 80),
    P("Type", "Case Type", ["Mechanical", "Electrical", "Electronic", "Structural", "Other"]),
    P("Status", "Status", ["New", "Working", "Escalated", "Closed"], flags="d", default="New", length=40),
    P("Reason", "Case Reason", ["Installation", "Equipment Complexity", "Performance", "Breakdown",
                                "Equipment Design", "Feedback", "Other"]),
    P("Origin", "Case Origin", ["Phone", "Email", "Web"]),
    F("Subject", "Subject", "string", 255),
    P("Priority", "Priority", ["High", "Medium", "Low"], flags="d", default="Medium", length=40),
    F("Description", "Description", "textarea", 32000),
    F("IsClosed", "Closed", "boolean", flags="o"), F("ClosedDate", "Closed Date", "datetime", flags="o"),
    F("IsEscalated", "Escalated", "boolean"),
    F("ContactPhone", "Contact Phone", "phone", 40, flags="o"), F("ContactEmail", "Contact Email", "email", 80, flags="o")],
    owner="group")

def activity(event):
    out = [ref("WhoId", "Name ID", ["Contact", "Lead"], "Who"), ref("WhatId", "Related To ID", WHAT, "What"),
           F("Subject", "Subject", "combobox", 255), F("ActivityDate", "Due Date Only" if event else "Due Date", "date"),
           F("Description", "Description", "textarea", 32000), P("Type", "Type", ACTIVITY_TYPE, length=40),
           F("IsPrivate" if event else "IsClosed", "Private" if event else "Closed", "boolean", flags="" if event else "o")]
    return out

obj("Task", "Task", "Tasks", "00T", activity(False) + [
    P("Status", "Status", ["Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"],
      flags="rd", default="Not Started", length=40),
    P("Priority", "Priority", ["High", "Normal", "Low"], flags="rd", default="Normal", length=40),
    P("TaskSubtype", "Task Subtype", ["Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn"], flags="cx", length=40),
    F("CallDurationInSeconds", "Call Duration", "int", digits=8),
    P("CallType", "Call Type", ["Internal", "Inbound", "Outbound"], flags="x", length=40),
    F("CallDisposition", "Call Result", "string", 255),
    F("IsReminderSet", "Reminder Set", "boolean"), F("ReminderDateTime", "Reminder Date/Time", "datetime")], owner="group")

obj("Event", "Event", "Events", "00U", activity(True) + [
    F("Location", "Location", "string", 255), F("IsAllDayEvent", "All-Day Event", "boolean"),
    F("ActivityDateTime", "Due Date Time", "datetime"), F("DurationInMinutes", "Duration", "int", digits=8),
    F("StartDateTime", "Start Date Time", "datetime"), F("EndDateTime", "End Date Time", "datetime"),
    P("ShowAs", "Show Time As", ["Busy", "OutOfOffice", "Free"], flags="x", length=40)], owner="group")

obj("Order", "Order", "Orders", "801", [
    ref("ContractId", "Contract ID", "Contract", "Contract"), ref("AccountId", "Account ID", "Account", "Account"),
    ref("Pricebook2Id", "Price Book ID", "Pricebook2", "Pricebook2"),
    ref("OriginalOrderId", "Order ID", "Order", "OriginalOrder", "c"),
    F("EffectiveDate", "Order Start Date", "date", flags="r"), F("EndDate", "Order End Date", "date"),
    F("IsReductionOrder", "Reduction Order", "boolean", flags="c"),
    P("Status", "Status", ["Draft", "Activated"], flags="r"),
    F("Description", "Description", "textarea", 32000),
    ref("CustomerAuthorizedById", "Customer Authorized By ID", "Contact", "CustomerAuthorizedBy"),
    F("CustomerAuthorizedDate", "Customer Authorized Date", "date"),
    ref("CompanyAuthorizedById", "Company Authorized By ID", "User", "CompanyAuthorizedBy"),
    F("CompanyAuthorizedDate", "Company Authorized Date", "date"),
    P("Type", "Order Type", []),
    *address("Billing", "Billing"), *address("Shipping", "Shipping"),
    F("Name", "Order Name", "string", 80), F("PoDate", "PO Date", "date"), F("PoNumber", "PO Number", "string", 80),
    F("OrderReferenceNumber", "Order Reference Number", "string", 80),
    ref("BillToContactId", "Bill To Contact ID", "Contact", "BillToContact"),
    ref("ShipToContactId", "Ship To Contact ID", "Contact", "ShipToContact"),
    F("OrderNumber", "Order Number", "string", 30, flags="a"),
    F("TotalAmount", "Order Amount", "currency", prec=18, scale=2, flags="o"),
    P("StatusCode", "Status Category", ["Draft", "Activated", ("Canceled", "Cancelled"), "Expired"], flags="ox", length=40)], owner="group")

obj("OrderItem", "Order Product", "Order Products", "802", [
    ref("Product2Id", "Product ID", "Product2", "Product2", "c"),
    ref("OrderId", "Order ID", "Order", "Order", "rc"),
    ref("PricebookEntryId", "Price Book Entry ID", "PricebookEntry", "PricebookEntry", "c"),
    ref("OriginalOrderItemId", "Original Order Item ID", "OrderItem", "OriginalOrderItem", "c"),
    F("Quantity", "Quantity", "double", prec=18, scale=2, flags="r"),
    F("UnitPrice", "Unit Price", "currency", prec=18, scale=2),
    F("ListPrice", "List Price", "currency", prec=18, scale=2, flags="o"),
    F("TotalPrice", "Total Price", "currency", prec=18, scale=2, flags="k"),
    F("ServiceDate", "Start Date", "date"), F("EndDate", "End Date", "date"),
    F("Description", "Line Description", "string", 255),
    F("OrderItemNumber", "Order Product Number", "string", 30, flags="an")], owner=False)

obj("Quote", "Quote", "Quotes", "0Q0", [
    F("Name", "Quote Name", "string", 255, flags="rn"),
    ref("Pricebook2Id", "Price Book ID", "Pricebook2", "Pricebook2"),
    ref("OpportunityId", "Opportunity ID", "Opportunity", "Opportunity", "rc"),
    F("QuoteNumber", "Quote Number", "string", 30, flags="a"),
    F("IsSyncing", "Syncing", "boolean", flags="o"),
    F("ShippingHandling", "Shipping and Handling", "currency", prec=18, scale=2),
    F("Tax", "Tax", "currency", prec=18, scale=2),
    P("Status", "Status", ["Draft", "Needs Review", "In Review", "Approved", "Rejected", "Presented", "Accepted", "Denied"],
      flags="d", default="Draft", length=40),
    F("ExpirationDate", "Expiration Date", "date"), F("Description", "Description", "textarea", 32000),
    F("Subtotal", "Subtotal", "currency", prec=18, scale=2, flags="o"),
    F("TotalPrice", "Total Price", "currency", prec=18, scale=2, flags="o"),
    F("LineItemCount", "Line Items", "int", digits=8, flags="o"),
    *address("Billing", "Bill To"), *address("Shipping", "Ship To"),
    F("BillingName", "Bill To Name", "string", 255), F("ShippingName", "Ship To Name", "string", 255),
    ref("ContactId", "Contact ID", "Contact", "Contact"),
    F("Email", "Email", "email", 80), F("Phone", "Phone", "phone", 40), F("Fax", "Fax", "phone", 40),
    F("Discount", "Discount", "percent", prec=3, scale=2, flags="o"),
    F("GrandTotal", "Grand Total", "currency", prec=18, scale=2, flags="o"),
    ref("AccountId", "Account ID", "Account", "Account", "o")], owner=False)

obj("Product2", "Product", "Products", "01t", [
    F("Name", "Product Name", "string", 255, flags="rn"), F("ProductCode", "Product Code", "string", 255),
    F("Description", "Product Description", "textarea", 4000), F("IsActive", "Active", "boolean"),
    P("Family", "Product Family", []),
    F("ExternalId", "External ID", "string", 255), F("DisplayUrl", "Display URL", "url", 1000),
    P("QuantityUnitOfMeasure", "Quantity Unit Of Measure", ["Each"]),
    F("StockKeepingUnit", "Product SKU", "string", 180),
    F("IsArchived", "Archived", "boolean", flags="o")], owner=False)

obj("Pricebook2", "Price Book", "Price Books", "01s", [
    F("Name", "Price Book Name", "string", 255, flags="rn"), F("IsActive", "Active", "boolean"),
    F("IsArchived", "Archived", "boolean", flags="o"), F("Description", "Description", "string", 255),
    F("IsStandard", "Is Standard Price Book", "boolean", flags="o")], owner=False)

obj("PricebookEntry", "Price Book Entry", "Price Book Entries", "01u", [
    F("Name", "Product Name", "string", 255, flags="on"),
    ref("Pricebook2Id", "Price Book ID", "Pricebook2", "Pricebook2", "rc"),
    ref("Product2Id", "Product ID", "Product2", "Product2", "rc"),
    F("UnitPrice", "List Price", "currency", prec=18, scale=2, flags="r"),
    F("IsActive", "Active", "boolean"), F("UseStandardPrice", "Use Standard Price", "boolean"),
    F("ProductCode", "Product Code", "string", 255, flags="o"),
    F("IsArchived", "Archived", "boolean", flags="o")], owner=False)

obj("Contract", "Contract", "Contracts", "800", [
    ref("AccountId", "Account ID", "Account", "Account", "r"),
    ref("Pricebook2Id", "Price Book ID", "Pricebook2", "Pricebook2"),
    P("OwnerExpirationNotice", "Owner Expiration Notice", ["15", "30", "45", "60", "90", "120"], length=40),
    F("StartDate", "Contract Start Date", "date"), F("EndDate", "Contract End Date", "date", flags="k"),
    *address("Billing", "Billing"), *address("Shipping", "Shipping"),
    F("ContractTerm", "Contract Term", "int", digits=4),
    P("Status", "Status", ["In Approval Process", "Activated", "Draft"], flags="rd", default="Draft", length=40),
    ref("CompanySignedId", "Company Signed By ID", "User", "CompanySigned"),
    F("CompanySignedDate", "Company Signed Date", "date"),
    ref("CustomerSignedId", "Customer Signed By ID", "Contact", "CustomerSigned"),
    F("CustomerSignedTitle", "Customer Signed Title", "string", 40),
    F("CustomerSignedDate", "Customer Signed Date", "date"),
    F("SpecialTerms", "Special Terms", "textarea", 4000),
    ref("ActivatedById", "Activated By ID", "User", "ActivatedBy", "o"),
    F("ActivatedDate", "Activated Date", "datetime", flags="o"),
    P("StatusCode", "Status Category", ["Draft", "InApproval", "Activated", "Terminated", "Expired"], flags="ox", length=40),
    F("Description", "Description", "textarea", 32000),
    F("ContractNumber", "Contract Number", "string", 30, flags="an")], owner="user")

obj("Campaign", "Campaign", "Campaigns", "701", [
    F("Name", "Name", "string", 80, flags="rn"), ref("ParentId", "Parent Campaign ID", "Campaign", "Parent"),
    P("Type", "Type", ["Conference", "Webinar", "Trade Show", "Public Relations", "Partners", "Referral Program",
                       "Advertisement", "Banner Ads", "Direct Mail", "Email", "Telemarketing", "Other"]),
    P("Status", "Status", ["Planned", "In Progress", "Completed", "Aborted"]),
    F("StartDate", "Start Date", "date"), F("EndDate", "End Date", "date"),
    F("ExpectedRevenue", "Expected Revenue in Campaign", "currency", prec=18, scale=0),
    F("BudgetedCost", "Budgeted Cost in Campaign", "currency", prec=18, scale=0),
    F("ActualCost", "Actual Cost in Campaign", "currency", prec=18, scale=0),
    F("ExpectedResponse", "Expected Response (%)", "percent", prec=10, scale=2),
    F("NumberSent", "Num Sent in Campaign", "double", prec=18, scale=0),
    F("IsActive", "Active", "boolean"), F("Description", "Description", "textarea", 32000),
    F("NumberOfLeads", "Leads in Campaign", "int", digits=9, flags="o"),
    F("NumberOfContacts", "Contacts in Campaign", "int", digits=9, flags="o"),
    F("NumberOfResponses", "Responses in Campaign", "int", digits=9, flags="o"),
    F("NumberOfOpportunities", "Opportunities in Campaign", "int", digits=9, flags="o"),
    F("AmountAllOpportunities", "Value Opportunities in Campaign", "currency", prec=18, scale=0, flags="o"),
    F("AmountWonOpportunities", "Value Won Opportunities in Campaign", "currency", prec=18, scale=0, flags="o")], owner="user")

obj("CampaignMember", "Campaign Member", "Campaign Members", "00v", [
    ref("CampaignId", "Campaign ID", "Campaign", "Campaign", "rc"),
    ref("LeadId", "Lead ID", "Lead", "Lead", "c"), ref("ContactId", "Contact ID", "Contact", "Contact", "c"),
    P("Status", "Status", ["Sent", "Responded"], flags="d", default="Sent"),
    F("HasResponded", "Responded", "boolean", flags="o"),
    F("FirstRespondedDate", "First Responded Date", "date", flags="o"),
    F("FirstName", "First Name", "string", 40, flags="o"), F("LastName", "Last Name", "string", 80, flags="o"),
    F("Email", "Email", "email", 80, flags="o"), F("Name", "Name", "string", 121, flags="on")], owner=False)

obj("Asset", "Asset", "Assets", "02i", [
    ref("ContactId", "Contact ID", "Contact", "Contact"), ref("AccountId", "Account ID", "Account", "Account"),
    ref("ParentId", "Parent Asset ID", "Asset", "Parent"), ref("RootAssetId", "Root Asset ID", "Asset", "RootAsset", "o"),
    ref("Product2Id", "Product ID", "Product2", "Product2"),
    F("IsCompetitorProduct", "Competitor Asset", "boolean"),
    F("Name", "Asset Name", "string", 255, flags="rn"), F("SerialNumber", "Serial Number", "string", 80),
    F("InstallDate", "Install Date", "date"), F("PurchaseDate", "Purchase Date", "date"),
    F("UsageEndDate", "Usage End Date", "date"),
    P("Status", "Status", ["Purchased", "Shipped", "Installed", "Registered", "Obsolete"], length=40),
    F("Price", "Price", "currency", prec=18, scale=2), F("Quantity", "Quantity", "double", prec=18, scale=2),
    F("Description", "Description", "textarea", 32000),
    F("AssetLevel", "Asset Level", "int", digits=9, flags="o")], owner="user")

obj("WorkOrder", "Work Order", "Work Orders", "0WO", [
    F("WorkOrderNumber", "Work Order Number", "string", 30, flags="an"),
    ref("AccountId", "Account ID", "Account", "Account"), ref("ContactId", "Contact ID", "Contact", "Contact"),
    ref("CaseId", "Case ID", "Case", "Case"), ref("AssetId", "Asset ID", "Asset", "Asset"),
    ref("ParentWorkOrderId", "Parent Work Order ID", "WorkOrder", "ParentWorkOrder"),
    ref("Pricebook2Id", "Price Book ID", "Pricebook2", "Pricebook2"),
    F("Subject", "Subject", "string", 255), F("Description", "Description", "textarea", 32000),
    F("StartDate", "Start Date", "datetime"), F("EndDate", "End Date", "datetime"),
    F("Street", "Street", "textarea", 255), F("City", "City", "string", 40), F("State", "State", "string", 80),
    F("PostalCode", "Zip/Postal Code", "string", 20), F("Country", "Country", "string", 80),
    P("Status", "Status", ["New", "In Progress", "On Hold", "Completed", "Cannot Complete", "Closed", "Canceled"],
      flags="d", default="New", length=40),
    P("Priority", "Priority", ["Low", "Medium", "High", "Critical"], length=40),
    F("Duration", "Duration", "double", prec=16, scale=2),
    P("DurationType", "Duration Type", ["Minutes", "Hours"], flags="x", length=40),
    F("Subtotal", "Subtotal", "currency", prec=18, scale=2, flags="o"),
    F("TotalPrice", "Total Price", "currency", prec=18, scale=2, flags="o"),
    P("StatusCategory", "Status Category", ["New", "InProgress", "OnHold", "Completed", "CannotComplete", "Closed", "Canceled"],
      flags="ox", length=40)], owner="group")

obj("User", "User", "Users", "005", [
    F("Username", "Username", "string", 80, flags="ru"), F("LastName", "Last Name", "string", 80, flags="r"),
    F("FirstName", "First Name", "string", 40), F("Name", "Full Name", "string", 121, flags="on"),
    F("CompanyName", "Company Name", "string", 80), F("Division", "Division", "string", 80),
    F("Department", "Department", "string", 80), F("Title", "Title", "string", 80),
    F("Street", "Street", "textarea", 255), F("City", "City", "string", 40), F("State", "State/Province", "string", 80),
    F("PostalCode", "Zip/Postal Code", "string", 20), F("Country", "Country", "string", 80),
    F("Email", "Email", "email", 128, flags="r"), F("Phone", "Phone", "phone", 40),
    F("MobilePhone", "Mobile", "phone", 40), F("Alias", "Alias", "string", 8, flags="r"),
    F("CommunityNickname", "Nickname", "string", 40, flags="rd"), F("IsActive", "Active", "boolean"),
    P("TimeZoneSidKey", "Time Zone", ["America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
                                       "Europe/London", "Europe/Paris", "Europe/Berlin", "Asia/Tokyo", "GMT"], flags="rx", length=40),
    P("LocaleSidKey", "Locale", ["en_US", "en_GB", "en_CA", "de_DE", "fr_FR", "es_ES", "ja_JP"], flags="rx", length=40),
    P("EmailEncodingKey", "Email Encoding", ["UTF-8", "ISO-8859-1", "Shift_JIS", "EUC-JP", "ISO-2022-JP", "Big5", "GB2312"], flags="rx", length=40),
    P("LanguageLocaleKey", "Language", ["en_US", "de", "es", "fr", "it", "ja", "pt_BR", "zh_CN"], flags="rx", length=40),
    ref("ProfileId", "Profile ID", "Profile", "Profile", "r"), ref("UserRoleId", "Role ID", "UserRole", "UserRole"),
    ref("ManagerId", "Manager ID", "User", "Manager"),
    F("EmployeeNumber", "Employee Number", "string", 20), F("FederationIdentifier", "SAML Federation ID", "string", 512),
    P("UserType", "User Type", ["Standard", ("PowerPartner", "Partner"), ("PowerCustomerSuccess", "Customer Portal Manager"),
                                ("CustomerSuccess", "Customer Portal User"), "Guest", ("CSPLitePortal", "High Volume Portal"),
                                "CsnOnly", "SelfService"], flags="ox", length=40),
    F("LastLoginDate", "Last Login", "datetime", flags="o")], owner=False)

out = os.path.join(os.path.dirname(__file__), "..", "salesforce", "sfsim", "schema", "standard.json")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as fh:
    json.dump([O[k] for k in sorted(O)], fh, indent=1, sort_keys=True)
    fh.write("\n")
print(out, len(O), "objects", sum(len(d["fields"]) for d in O.values()), "fields")

def custom(f):
    f["custom"] = True
    return f

# The orgs' own customisations. "full" (org1, production) has the fields an
# admin added over the years; "lean" (org2, sandbox: a Demo Sandbox refreshed
# before they were added) has fewer, and one org-specific Stage value.
invoice = {"name": "Invoice__c", "label": "Invoice", "labelPlural": "Invoices", "keyPrefix": "a01", "custom": True,
           "createable": True, "updateable": True, "deletable": True, "queryable": True, "retrieveable": True,
           "searchable": True, "triggerable": True, "layoutable": True, "customSetting": False,
           "fields": system("user")[:1] + [
               custom(F("Name", "Invoice Name", "string", 80, flags="n")),
               custom(F("Invoice_Number__c", "Invoice Number", "string", 40, flags="ue")),
               custom(F("Amount__c", "Amount", "currency", prec=16, scale=2)),
               custom(F("Due_Date__c", "Due Date", "date")),
               custom(ref("Account__c", "Account", "Account", "Account__r")),
               custom(ref("Opportunity__c", "Opportunity", "Opportunity", "Opportunity__r")),
               custom(P("Status__c", "Status", ["Draft", "Sent", "Paid", "Void"], flags="x", default="Draft"))] + system("user")[1:]}
full = {"objects": [invoice], "fields": {
    "Account": [custom(P("Region__c", "Region", ["AMER", "EMEA", "APAC"], flags="x")),
                custom(F("Stripe_Customer_Id__c", "Stripe Customer Id", "string", 64, flags="e"))],
    "Opportunity": [custom(F("SAP_Order_Number__c", "SAP Order Number", "string", 32, flags="e")),
                    custom(F("Days_Open__c", "Days Open", "double", prec=18, scale=0, flags="k"))],
    "Quote": [custom(F("SAP_Order_Number__c", "SAP Order Number", "string", 32))]}}
lean = {"objects": [], "fields": {
    "Account": [custom(F("Stripe_Customer_Id__c", "Stripe Customer Id", "string", 64, flags="e"))]},
    "picklists": {"Opportunity.StageName": STAGES[:7] + ["Contract Sent"] + STAGES[8:]}}
for name, d in (("full", full), ("lean", lean)):
    out = os.path.join(os.path.dirname(__file__), "..", "salesforce", "sfsim", "schema", "org-" + name + ".json")
    with open(out, "w") as fh:
        json.dump(d, fh, indent=1, sort_keys=True)
        fh.write("\n")
