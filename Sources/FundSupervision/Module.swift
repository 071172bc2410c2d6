// FundSupervision
