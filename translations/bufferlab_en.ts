<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>BufferViewAccessible</name>
    <message numerus="yes">
        <source>The checker flagged %n record(s).</source>
        <translation>
            <numerusform>The checker flagged %n record.</numerusform>
            <numerusform>The checker flagged %n records.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message numerus="yes">
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln item</numerusform>
            <numerusform>%Ln items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln producer(s)</source>
        <translation>
            <numerusform>%Ln producer</numerusform>
            <numerusform>%Ln producers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln consumer(s)</source>
        <translation>
            <numerusform>%Ln consumer</numerusform>
            <numerusform>%Ln consumers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetworkStatisticsPanel</name>
    <message numerus="yes">
        <source>, but %Ln item(s) dropped when the server stopped</source>
        <translation>
            <numerusform>, but %Ln item dropped when the server stopped</numerusform>
            <numerusform>, but %Ln items dropped when the server stopped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Final statistics — %Ln client(s)%1</source>
        <translation>
            <numerusform>Final statistics — %Ln client%1</numerusform>
            <numerusform>Final statistics — %Ln clients%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> %Ln item(s) were still in the buffer when the server stopped, and dropped with it.</source>
        <translation>
            <numerusform> %Ln item was still in the buffer when the server stopped, and dropped with it.</numerusform>
            <numerusform> %Ln items were still in the buffer when the server stopped, and dropped with it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> %Ln original-format consumer(s) closed without reading their reply (the original format has no acknowledgement): their items went back to the buffer.</source>
        <translation>
            <numerusform> %Ln original-format consumer closed without reading its reply (the original format has no acknowledgement): the item went back to the buffer.</numerusform>
            <numerusform> %Ln original-format consumers closed without reading their reply (the original format has no acknowledgement): the items went back to the buffer.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatisticsPanel</name>
    <message numerus="yes">
        <source>%1 student(s)</source>
        <translation>
            <numerusform>%1 student</numerusform>
            <numerusform>%1 students</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPanelAccessible</name>
    <message numerus="yes">
        <source>(%n waiting)</source>
        <translation>
            <numerusform>(%n waiting)</numerusform>
            <numerusform>(%n waiting)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ThreadsPage</name>
    <message numerus="yes">
        <source>%Ln producer(s)</source>
        <translation>
            <numerusform>%Ln producer</numerusform>
            <numerusform>%Ln producers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln consumer(s)</source>
        <translation>
            <numerusform>%Ln consumer</numerusform>
            <numerusform>%Ln consumers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 student(s)</source>
        <translation>
            <numerusform>%1 student</numerusform>
            <numerusform>%1 students</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineViewAccessible</name>
    <message numerus="yes">
        <source>%n thread(s), from %1 to %2.</source>
        <translation>
            <numerusform>%n thread, from %1 to %2.</numerusform>
            <numerusform>%n threads, from %1 to %2.</numerusform>
        </translation>
    </message>
</context>
</TS>
